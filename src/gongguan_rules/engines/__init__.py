"""The join engines: the fence around durable-rules and the joins it runs (rules/joins.yaml).

关联引擎：durable-rules 的围栏及其运行的关联规则。
"""
