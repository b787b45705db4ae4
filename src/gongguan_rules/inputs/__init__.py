"""The contract's input: the application model, the reading of values and dates.

输入：申报模型、取值与日期的读取（错误时给出字段路径）。
"""
