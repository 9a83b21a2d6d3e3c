"""Date arithmetic in SQL, the twins of Python's used by the reminder sweep, so a due date can be
compared with a claim inside the query: PostgreSQL, and the SQLite of the `make run` demo."""

from django.conf import settings
from django.db.models import DateField, F, Func


class _DateFunc(Func):
    output_field = DateField()

    def __init__(self, expression, amount: int):
        super().__init__(F(expression) if isinstance(expression, str) else expression)
        self.amount = int(amount)


class PlusDays(_DateFunc):
    """date + n days."""

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template=f"(%(expressions)s + {self.amount})", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template=f"date(%(expressions)s, '{self.amount:+d} days')", **extra)


class LocalDayPlus(_DateFunc):
    """The local (TIME_ZONE) day of a timestamp + n days."""

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        day, params = connection.ops.datetime_cast_date_sql(sql, tuple(params), settings.TIME_ZONE)
        if connection.vendor == "sqlite":
            return f"date({day}, '{self.amount:+d} days')", params
        return f"({day} + {self.amount})", params


class MonthsAfter(_DateFunc):
    """date + n months, clamped to the last day of a shorter month like dateutil's relativedelta
    (31 January + 1 month = 28/29 February). PostgreSQL clamps by itself."""

    def as_sql(self, compiler, connection, **extra):
        template = f"(%(expressions)s + interval '{self.amount} months')::date"
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite rolls 31 January + 1 month over into March; the end of the target month caps it.
        sql, params = compiler.compile(self.source_expressions[0])
        n = self.amount
        return (f"min(date({sql}, '{n:+d} months'), date({sql}, 'start of month', '{n + 1:+d} months', '-1 day'))",
                (*params, *params))
