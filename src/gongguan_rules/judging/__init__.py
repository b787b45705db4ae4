"""Judging: evaluate an application or event against a plan, and the decision that explains itself.

判断：依据方案判断申报或事件，给出自带说明的决定。
"""
