"""What is on record: lifecycle events, the history index, history files, project names and the store.

记录：生命周期事件、历史索引、历史文件、项目名称与持久化存储。The history index and the file
readers sit below judging; the store judges what it records, so it sits above it.
"""
