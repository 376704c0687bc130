"""The regex tables more than one answering module reads, each written once.

Only what means the same in each place is here: a date asked, a cause asked, whether something
happened asked. Each module compiles its table from these, adding the words only it reads (the
conflict check also takes 哪年 as a date asked). Tables that only look alike stay with their
module: a plan's words in a question (:mod:`~wrsearch.answer.intent`) are not a plan's words in a
report's clause (:mod:`~wrsearch.answer.figures`, :mod:`~wrsearch.answer.status`).
"""

# 什么时候, 何时, 几月: a date asked. (几点开门, 开放时间: an hour of day, which no progress report
# gives, is a time asked too.)
WHEN_ASKED = r"什么时候|啥时候?|何时|哪天|哪一天|几月|几号|哪个月|什么时间|多会儿|几点|几时|(?:开放|营业|办公|开门)时间"
# 预计秋季开学投用: a school's time of year, a time a clause gives without a month number.
SCHOOL_TIME = r"(?:春|秋)季(?:开学|学期)|开学前|暑期|寒假|暑假"
# 为什么没打通, 什么原因: the cause asked.
REASON_ASKED = r"为啥|为什么|为何|什么原因|啥原因|原因是"
# 是否, 完成了吗, 有没有: whether it happened.
STATUS_ASKED = r"是否|是不是|能不能|会不会|算不算|完成了吗|有没有|建成了吗|开工了吗|启动了吗|了吗|了没有?|没有[?？]?$"
