"""The pure core: the plan model, errors and their codes, periods and deadlines, target kinds,
numbers and dates as Vietnamese write them, the working calendar, Decree 30 conventions and
output sanitising. It imports nothing else of parplan."""
