"""The course's slow back end, as course apps import it: ``import speedlit``.

Every function here stands in for something that makes real apps slow — reading a big file,
training a model, calling a paid API — and returns what the app needs to show. Each call
takes the time written beside it. Whoever runs the app answers the call and counts it:

* in the course's lesson demos the answer is computed here and the wait is real;
* under grading the call goes to the grader outside the sandbox, which counts it and answers
  at once; the data differs a little from one grading to the next, so an app can only show
  it by asking.

So making an app fast means calling these less often — never skipping them.
"""
from __future__ import annotations

import math
import os
import sys
import threading
import time
from collections import Counter
from typing import Any

#: Multiplies every wait in the course's own demos (tests set it to 0).
LATENCY_SCALE = float(os.environ.get("SPEEDLIT_LATENCY_SCALE", "1"))
_MAX_SESSIONS = 1000


# ---------------------------------------------------------------- the back end
class _Local:
    """Answers in this process from the course's catalogue and really waits (lesson demos).
    With ``SPEEDLIT_CALL_LOG`` set, each call's name is also appended to that file, so tests
    can count the calls a real ``streamlit run`` server made."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.by_session: dict[str, Counter] = {}
        self.log = os.environ.get("SPEEDLIT_CALL_LOG")

    def call(self, name: str, args: list) -> Any:
        _engine_on_path()
        from checkers import internals, services

        ctx = services.Context(variant=0, now=time.monotonic() - self.started)
        try:
            answer = services.call(name, args, ctx)
        except services.ServiceError as exc:
            raise ValueError(str(exc)) from None
        self._count(internals.session_of_this_thread(), answer.counted_as)
        if self.log:
            with self.lock, open(self.log, "a", encoding="utf-8") as log:
                log.write(answer.counted_as + "\n")
        if answer.latency > 0 and LATENCY_SCALE > 0:
            time.sleep(answer.latency * LATENCY_SCALE)
        return answer.value

    def _count(self, session: str | None, name: str) -> None:
        if not session:
            return
        with self.lock:
            counts = self.by_session.pop(session, None) or Counter()
            counts[name] += 1
            self.by_session[session] = counts
            if len(self.by_session) > _MAX_SESSIONS:
                del self.by_session[next(iter(self.by_session))]


def _engine_on_path() -> None:
    """The course's own back end lives in the engine, two folders up from this file (a course
    app started from anywhere still finds it)."""
    engine = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if engine not in sys.path and not any(os.path.isdir(os.path.join(p, "checkers"))
                                          for p in sys.path if p):
        sys.path.append(engine)


_backend: Any = _Local()


def _use(backend: Any) -> None:
    """Install the object that answers calls (the sandbox's app side does this)."""
    global _backend
    _backend = backend


def _plain(value: Any) -> Any:
    """Arguments cross to whoever answers: plain numbers, text and lists only."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and hasattr(value, "dtype"):  # a NumPy number
        return _plain(value.item())
    raise TypeError(f"speedlit takes plain values (numbers, text, lists), not "
                    f"{type(value).__name__}.")


def _call(name: str, *args: Any) -> Any:
    return _backend.call(name, [_plain(a) for a in args])


def session_count(name: str) -> int:
    """How often ``name`` ran in the current browser tab (the course's demo pages show it)."""
    _engine_on_path()
    from checkers import internals

    backend = _backend
    if not isinstance(backend, _Local):
        return 0
    return backend.by_session.get(internals.session_of_this_thread() or "", Counter())[name]


# ---------------------------------------------------------------- objects apps keep
class Model:
    """A demand model: ``predict`` is quick and local, ``forecast`` asks the model server."""

    def __init__(self, trained: dict) -> None:
        self._fits = trained["fits"]
        self.daily_units = dict(trained["daily_units"])

    def predict(self, region: str, product: str, months_ahead: int) -> int:
        """Units of ``product`` sold in ``region`` some months after April (quick)."""
        slope, intercept = self._fits[f"{region}/{product}"]
        return max(0, round(intercept + slope * (3 + months_ahead)))

    def forecast(self, region: str, weeks: int):
        """Weekly units for ``weeks`` weeks, as a DataFrame (1 s: runs the model)."""
        return _call("forecast", region, weeks)


class SentimentModel:
    """Scores a text by its words; ``weights`` maps a word to how positive it is."""

    def __init__(self, weights: dict) -> None:
        self.weights = dict(weights)

    def score(self, text: str, extra: dict | None = None) -> tuple[int, dict]:
        """The text's score and the words that counted (``extra`` adds words of your own)."""
        weights = {**self.weights, **(extra or {})}
        words = [word.strip(".,!?").lower() for word in str(text).split()]
        counted = {word: weights[word] for word in words if word in weights}
        return sum(counted.values()), counted


class Database:
    """A connection to the order database. Like a real connection it holds a lock, so
    Streamlit cannot hash it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()

    def orders_by_status(self, status: str):
        """Orders per customer with ``status``, as a DataFrame (0.8 s: a slow query)."""
        with self._lock:
            return _call("orders_by_status", status)

    def __repr__(self) -> str:
        return f"<Database {self.name}>"


# ---------------------------------------------------------------- the services
def slow(name: str, seconds: float = 1.0) -> None:
    """Wait ``seconds`` and count one run of ``name`` (for experiments, not graded tasks)."""
    if not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds < 0:
        raise ValueError("speedlit.slow(): `seconds` must be a number >= 0.")
    _call("slow", str(name), float(seconds))


def read_sales():
    """The whole sales table as a DataFrame (1.5 s: a big CSV file on a slow network drive).
    Columns: date, region, product, units, revenue; 120 days × 4 regions × 3 products."""
    return _call("read_sales")


def region_sales(region: str):
    """One region's rows of the sales table (1.2 s: a heavy query)."""
    return _call("region_sales", region)


def query_sales(region: str, products: list, min_units: int):
    """Units and revenue per product for a region, products and minimum units per day
    (1.2 s: a heavy query on the sales warehouse)."""
    return _call("query_sales", region, list(products), min_units)


def train_model() -> Model:
    """A demand model trained on all the history (2 s)."""
    return Model(_call("train_model"))


def load_sentiment_model() -> SentimentModel:
    """The sentiment model (2 s: reading its weights from disk)."""
    return SentimentModel(_call("load_sentiment_model"))


def quotes() -> dict:
    """Share prices now, by symbol (1 s: a paid market-data API; prices change every minute)."""
    return _call("quotes")


def exchange_rates(base: str) -> dict:
    """Units of each currency per ``base`` (1 s: a rates API; rates change every 10 minutes)."""
    return _call("exchange_rates", base)


def customer_orders(customer: str):
    """One customer's orders as a DataFrame (1 s: a join over the order tables)."""
    return _call("customer_orders", customer)


def connect() -> Database:
    """A connection to the order database (1 s: connecting to a server)."""
    return Database(_call("connect"))


def room_capacity() -> int:
    """How many people the escape room takes (0.5 s: asks the booking system)."""
    return _call("room_capacity")


def membership_plans() -> dict:
    """The book club's plans and monthly prices (0.5 s: the club's price-list service)."""
    return _call("membership_plans")


def segment_customers(measure: str, count: int):
    """Customers clustered into ``count`` segments by ``measure`` ("Revenue" or "Orders"):
    min, mean and max per segment (1.5 s: clustering thousands of customers)."""
    return _call("segment_customers", measure, count)


def demand_forecast(region: str):
    """Eight weeks of demand for a region (2 s: fitting a demand model)."""
    return _call("demand_forecast", region)


def weekly_orders(region: str):
    """Twelve weeks of orders for a region (quick)."""
    return _call("weekly_orders", region)


def kpis() -> dict:
    """The dashboard's header numbers (2 s: a slow summary query)."""
    return _call("kpis")


def metric_series(metric: str):
    """Thirty days of one metric ("Sales", "Revenue" or "Users") (0.2 s)."""
    return _call("metric_series", metric)


def yearly_report():
    """Revenue per month this year (2 s: a heavy query over a year of orders)."""
    return _call("yearly_report")


def orders_waiting() -> int:
    """Orders waiting to be packed right now (0.3 s; changes every few seconds)."""
    return _call("orders_waiting")


def orders_last_hour() -> int:
    """Orders in the last hour (0.3 s; changes every few seconds)."""
    return _call("orders_last_hour")


def close_month(store: str, month: str) -> dict:
    """Reconcile one month of a store's invoices (0.4 s)."""
    return _call("close_month", store, month)


def delivery_estimate(warehouse: str, route: str, parcels: int) -> float:
    """Hours to deliver the parcels from a warehouse on a route (0.8 s: a routing service)."""
    return _call("delivery_estimate", warehouse, route, parcels)


def report_count(store: str, section: str) -> int:
    """One number of a store report (0.7 s: one slow report query)."""
    return _call("report_count", store, section)


def revenue_forecast(region: str):
    """Thirty days of revenue forecast for a region (1.5 s: fitting a model)."""
    return _call("revenue_forecast", region)


def orders_page(page: int, size: int):
    """One page of the orders table (0.8 s)."""
    return _call("orders_page", page, size)


def shipping_rates() -> dict:
    """Price factors per destination (0.8 s: the carrier's live price API)."""
    return _call("shipping_rates")


def sales_forecast(region: str, weeks: int):
    """A year of weekly sales for a region plus ``weeks`` weeks of forecast (1.5 s)."""
    return _call("sales_forecast", region, weeks)


def warehouse_query(region: str, what: str):
    """Units per product and week for a region (0.7 s: a warehouse query)."""
    return _call("warehouse_query", region, what)


def live_sales():
    """Orders per hour today (1.5 s; changes every minute)."""
    return _call("live_sales")
