"""Who is applying: 统一社会信用代码 (GB 32100, GB 11714) and Tianjin's districts.

申报单位的身份：统一社会信用代码与天津市行政区划。
"""
