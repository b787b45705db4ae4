"""The law as data: the plan model and its strict loader, the rules, citations and vocabularies.

法规与方案即数据：方案模型与严格加载器、规则、出处、词表，以及随包数据（rules/、plans/）。
"""
