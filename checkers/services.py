"""The course's slow back end: every expensive step a lesson or an exercise has, as a service.

Real apps are slow because of data loads, model training and remote calls. Course apps get
those results from ``speedlit`` (``checkers/learner_env/speedlit.py``), and ``speedlit`` asks
this catalogue. Each service has a latency (what the call costs a real app) and returns data
the app needs to show, so an app that skips the call has nothing to show, and every call is
counted by whoever answers it:

* under grading the **judge** answers, outside the sandbox: it counts the call, adds its
  latency to the step's modelled time and answers at once;
* in the course's own lesson demos, ``speedlit`` calls the catalogue in-process and really
  waits.

Answers depend on a *variant* (a seed; 0 is the course's own data) and on the scenario clock:
under grading, each submission sees numbers it cannot know in advance, and a price, a queue
length or today's orders change as time passes, so a cache that is never refreshed shows
stale values. Arguments arrive from untrusted code: each service validates them and says
what is wrong in words a learner understands.
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import pickle
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

ASSETS = Path(__file__).resolve().parent.parent / "assets"
REGIONS = ("North", "South", "East", "West")
PRODUCTS = ("Cocoa", "Coffee", "Tea")
SYMBOLS = ("ACME", "GLOBEX", "INITECH", "UMBRELLA")
CURRENCIES = {"EUR": 1.0, "USD": 1.08, "GBP": 0.85, "JPY": 161.9, "CHF": 0.94}
CUSTOMERS = ("Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hugo")
STORES = ("Berlin", "Lyon", "Porto")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WAREHOUSES = ("Leipzig", "Hamburg", "Munich")
ROUTES = ("North", "Centre", "South")
METRICS = ("Sales", "Revenue", "Users")
SECTIONS = ("Orders", "Returns", "Visitors")
SENTIMENT = {"great": 2, "good": 1, "fast": 1, "fresh": 1, "friendly": 1,
             "bad": -1, "slow": -1, "cold": -1, "rude": -2, "awful": -2}
MAX_ARGS = 8
MAX_TEXT = 200


class ServiceError(ValueError):
    """A call the service refuses (unknown name, bad argument); its text goes to the learner."""


@dataclass(frozen=True)
class Context:
    """What an answer may depend on besides the arguments."""

    variant: int = 0
    now: float = 0.0  # seconds of scenario time since the app was opened

    def rng(self, *salt: Any) -> np.random.Generator:
        """A generator fixed by the variant and ``salt``."""
        text = repr((self.variant,) + salt).encode()
        return np.random.default_rng(int.from_bytes(hashlib.sha256(text).digest()[:8], "big"))

    def scale(self, *salt: Any) -> float:
        """A factor near 1 for this variant (exactly 1 for the course's own data)."""
        return 1.0 if self.variant == 0 else float(self.rng("scale", *salt).uniform(0.8, 1.25))

    def tick(self, every: float) -> int:
        """Which period of ``every`` seconds the scenario clock is in."""
        return int(self.now // every)


@dataclass(frozen=True)
class Service:
    name: str
    latency: float
    params: tuple[tuple[str, Any], ...]
    compute: Callable[..., Any] = field(repr=False)
    doc: str = ""

    @property
    def timed(self) -> bool:
        """Whether the answer depends on the scenario clock (the compute reads it)."""
        return bool({"tick", "now"} & set(self.compute.__code__.co_names))

    def call(self, args: list, ctx: Context) -> Answer:
        if len(args) != len(self.params):
            wanted = ", ".join(p for p, _ in self.params) or "no arguments"
            raise ServiceError(f"speedlit.{self.name}() takes {wanted}; it was given "
                               f"{len(args)} argument(s).")
        checked = [_check(self.name, name, kind, value)
                   for (name, kind), value in zip(self.params, args)]
        value = self.compute(ctx, *checked)
        if self.name == "slow":  # counted under the caller's name, waits what it was told
            return Answer(str(checked[0]), min(float(checked[1]), 60.0), value)
        return Answer(self.name, self.latency, value)


@dataclass(frozen=True)
class Answer:
    """A service's reply: what the call is counted as, what it costs, what it returns."""

    counted_as: str
    latency: float
    value: Any

    def pickled(self) -> bytes:
        return pickle.dumps(self.value, protocol=5)


CATALOGUE: dict[str, Service] = {}


def service(service_name: str, latency: float, **params: Any):
    """Register ``compute(ctx, *args)`` as a service. A param's kind is a type (int, float,
    str, list) or a tuple of the allowed values."""

    def register(compute):
        CATALOGUE[service_name] = Service(service_name, latency, tuple(params.items()),
                                          compute, (compute.__doc__ or "").strip())
        return compute

    return register


def _check(service_name: str, name: str, kind: Any, value: Any) -> Any:
    where = f"speedlit.{service_name}(): `{name}`"
    if isinstance(kind, tuple):
        if value not in kind:
            shown = ", ".join(repr(k) for k in kind)
            raise ServiceError(f"{where} must be one of {shown}, not {_short(value)}.")
        return value
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is list:
        if not isinstance(value, list) or len(value) > 50:
            raise ServiceError(f"{where} must be a list (of at most 50 items).")
        return value
    if type(value) is not kind:
        raise ServiceError(f"{where} must be a {kind.__name__}, not {type(value).__name__}.")
    if kind is float and not math.isfinite(value):
        raise ServiceError(f"{where} must be a finite number.")
    if kind is str and len(value) > MAX_TEXT:
        raise ServiceError(f"{where} is longer than {MAX_TEXT} characters.")
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_answers: OrderedDict = OrderedDict()
_answers_lock = threading.Lock()
MAX_REMEMBERED = 256


def answer(name: str, args: list, ctx: Context) -> Answer:
    """``call``, remembered: services are pure functions of their arguments, the variant and
    the scenario clock, and gradings of one exercise ask the same questions at the same
    scenario times. The pickled reply is kept too, so a repeat costs nothing."""
    found = CATALOGUE.get(name) if isinstance(name, str) else None
    if found is not None and not found.timed:
        ctx = Context(ctx.variant)  # the same answer at any time: one memo entry
    try:
        key = (name, json.dumps(args, sort_keys=True), ctx)
    except (TypeError, ValueError):
        return call(name, args, ctx)
    with _answers_lock:
        found = _answers.get(key)
        if found is not None:
            _answers.move_to_end(key)
            return found
    fresh = call(name, args, ctx)
    kept = _Kept(fresh.counted_as, fresh.latency, fresh.value, fresh.pickled())
    with _answers_lock:
        _answers[key] = kept
        while len(_answers) > MAX_REMEMBERED:
            _answers.popitem(last=False)
    return kept


@dataclass(frozen=True)
class _Kept(Answer):
    payload: bytes = b""

    def pickled(self) -> bytes:
        return self.payload


def call(name: str, args: list, ctx: Context) -> Answer:
    """Find and run a service; ServiceError when it refuses."""
    found = CATALOGUE.get(name) if isinstance(name, str) else None
    if found is None:
        raise ServiceError(f"speedlit has no service called {_short(name)}.")
    if not isinstance(args, list) or len(args) > MAX_ARGS:
        raise ServiceError(f"speedlit.{name}() was given too many arguments.")
    return found.call(args, ctx)


# ---------------------------------------------------------------- shared data
@functools.cache
def _sales_csv() -> pd.DataFrame:
    return pd.read_csv(ASSETS / "sales.csv", parse_dates=["date"])


def sales(ctx: Context) -> pd.DataFrame:
    """The shop's sales, varied for this variant (units and revenue scaled per region)."""
    frame = _sales_csv().copy()
    if ctx.variant:
        for region in REGIONS:
            rows = frame["region"] == region
            factor = ctx.scale("sales", region)
            frame.loc[rows, "units"] = (frame.loc[rows, "units"] * factor).round().astype(int)
            frame.loc[rows, "revenue"] = (frame.loc[rows, "revenue"] * factor).round(2)
    return frame


# ---------------------------------------------------------------- the catalogue
@service("slow", 0.0, name=str, seconds=float)
def _slow(ctx: Context, name: str, seconds: float) -> None:
    """A counted wait of ``seconds`` under the caller's ``name``, for experiments; graded
    tasks use the services below, which return what the app shows."""
    if seconds < 0:
        raise ServiceError("speedlit.slow(): `seconds` must be a number >= 0.")
    return None


@service("read_sales", 1.5)
def _read_sales(ctx: Context) -> pd.DataFrame:
    """The whole sales table (1,440 rows): a big CSV file on a slow network drive."""
    return sales(ctx)


@service("region_sales", 1.2, region=REGIONS)
def _region_sales(ctx: Context, region: str) -> pd.DataFrame:
    """One region's rows: a heavy query on the sales warehouse."""
    frame = sales(ctx)
    return frame[frame["region"] == region].reset_index(drop=True)


@service("query_sales", 1.2, region=REGIONS, products=list, min_units=int)
def _query_sales(ctx: Context, region: str, products: list, min_units: int) -> pd.DataFrame:
    """Units and revenue per product for a region, products and minimum units per day."""
    unknown = [p for p in products if p not in PRODUCTS]
    if unknown:
        raise ServiceError(f"speedlit.query_sales(): unknown product {_short(unknown[0])}.")
    frame = sales(ctx)
    picked = frame[(frame["region"] == region) & frame["product"].isin(products)
                   & (frame["units"] >= min_units)]
    return picked.groupby("product", as_index=False)[["units", "revenue"]].sum()


@service("train_model", 2.0)
def _train_model(ctx: Context) -> dict:
    """A demand model fitted on all the history: a trend per region and product."""
    frame = sales(ctx)
    monthly = frame.groupby(["region", "product", frame["date"].dt.month])["units"].sum()
    fits = {f"{region}/{product}": [float(v) for v in np.polyfit(
        np.arange(len(units)), units.to_numpy(dtype=float), 1)]
        for (region, product), units in monthly.groupby(level=[0, 1])}
    recent = frame[frame["date"] >= "2026-04-01"].groupby("region")["units"].sum() / 30
    return {"fits": fits, "daily_units": {k: float(v) for k, v in recent.items()}}


@service("forecast", 1.0, region=REGIONS, weeks=int)
def _forecast(ctx: Context, region: str, weeks: int) -> pd.DataFrame:
    """Run the demand model for a region, ``weeks`` weeks ahead."""
    if not 1 <= weeks <= 52:
        raise ServiceError("speedlit forecast: `weeks` must be between 1 and 52.")
    daily = _train_model(ctx)["daily_units"][region]
    units = 7 * daily * 1.03 ** np.arange(1, weeks + 1)
    return pd.DataFrame({"units": units.round(1)}, index=pd.RangeIndex(1, weeks + 1, name="week"))


@service("load_sentiment_model", 2.0)
def _sentiment(ctx: Context) -> dict:
    """The sentiment model's word weights: a large file read from disk (this model version's
    weights differ a little between variants)."""
    weights = dict(SENTIMENT)
    if ctx.variant:
        rng = ctx.rng("sentiment")
        weights["friendly"] = int(rng.integers(1, 3))
        weights["slow"] = -int(rng.integers(1, 3))
    return weights


@service("quotes", 1.0)
def _quotes(ctx: Context) -> dict:
    """Share prices now: a paid market-data API whose answer changes every minute."""
    minute = ctx.tick(60)
    rng = ctx.rng("quotes", minute)
    base = {"ACME": 182.40, "GLOBEX": 47.15, "INITECH": 12.80, "UMBRELLA": 95.60}
    return {s: round(p * ctx.scale("quote", s) * (1 + (rng.uniform(-0.03, 0.03) if minute else 0)), 2)
            for s, p in base.items()}


@service("exchange_rates", 1.0, base=tuple(CURRENCIES))
def _rates(ctx: Context, base: str) -> dict:
    """Units of each currency per ``base``: a rates API that updates every ten minutes."""
    period = ctx.tick(600)
    rng = ctx.rng("rates", period)
    per_euro = {c: r * (1 + (rng.uniform(-0.01, 0.01) if period and c != "EUR" else 0))
                for c, r in CURRENCIES.items()}
    return {c: round(r / per_euro[base], 4) for c, r in per_euro.items()}


@service("customer_orders", 1.0, customer=CUSTOMERS)
def _customer_orders(ctx: Context, customer: str) -> pd.DataFrame:
    """One customer's order history: a join over the order tables."""
    number = CUSTOMERS.index(customer)
    rng = ctx.rng("customer", customer)
    count = int(rng.integers(5, 15))
    return pd.DataFrame({
        "order": np.arange(1, count + 1) + 100 * number,
        "total": rng.gamma(2.0, 35.0, count).round(2),
        "status": rng.choice(["shipped", "open", "returned"], count, p=[0.7, 0.2, 0.1]),
    })


@service("connect", 1.0)
def _connect(ctx: Context) -> str:
    """Open a connection to the order database (a server on the network)."""
    return "orders-db"


@service("orders_by_status", 0.8, status=("open", "shipped", "returned"))
def _orders_by_status(ctx: Context, status: str) -> pd.DataFrame:
    """Orders per customer with one status: a slow query on a big table."""
    rng = ctx.rng("orders-db")
    orders = pd.DataFrame({
        "customer": rng.choice(CUSTOMERS[:5], 300),
        "status": rng.choice(["open", "shipped", "returned"], 300, p=[0.3, 0.6, 0.1]),
        "total": rng.gamma(2.0, 40.0, 300).round(2),
    })
    picked = orders[orders["status"] == status]
    table = picked.groupby("customer", as_index=False).agg(orders=("total", "size"),
                                                           total=("total", "sum"))
    table["total"] = table["total"].round(2)
    return table.sort_values("total", ascending=False, ignore_index=True)


@service("room_capacity", 0.5)
def _capacity(ctx: Context) -> int:
    """How many people the escape room takes today: asks the booking system."""
    return 4 if not ctx.variant else 3 + ctx.variant % 3


@service("membership_plans", 0.5)
def _plans(ctx: Context) -> dict:
    """The book club's plans and monthly prices: the club's price-list service."""
    scale = ctx.scale("plans")
    return {name: round(price * scale) for name, price in
            (("Reader", 5), ("Bookworm", 9), ("Library", 15))}


@service("segment_customers", 1.5, measure=("Revenue", "Orders"), count=int)
def _segments(ctx: Context, measure: str, count: int) -> pd.DataFrame:
    """Customers clustered into ``count`` segments by ``measure``: thousands of rows."""
    if not 2 <= count <= 10:
        raise ServiceError("speedlit.segment_customers(): `count` must be between 2 and 10.")
    rng = ctx.rng("customers")
    customers = pd.DataFrame({"Revenue": rng.gamma(2.0, 150.0, 400).round(2),
                              "Orders": rng.poisson(6, 400) + 1})
    names = [f"Segment {i + 1}" for i in range(count)]
    segment = pd.qcut(customers[measure].rank(method="first"), count, labels=names)
    return customers.groupby(segment, observed=True)[measure].agg(["min", "mean", "max"]).round(1)


@service("demand_forecast", 2.0, region=REGIONS)
def _demand(ctx: Context, region: str) -> pd.DataFrame:
    """Eight weeks of demand for a region: fitting a demand model."""
    recent = weekly_orders(region, ctx.variant)["orders"].tail(4).mean()
    weeks = pd.RangeIndex(13, 21, name="week")
    return pd.DataFrame({"forecast": (recent + 2.5 * np.arange(1, 9)).round(1)}, index=weeks)


def weekly_orders(region: str, variant: int = 0) -> pd.DataFrame:
    """Cheap: twelve weeks of orders for a region (also offered without a service call)."""
    rng = np.random.default_rng(REGIONS.index(region) + 1000 * variant)
    return pd.DataFrame({"week": np.arange(1, 13), "orders": rng.integers(80, 160, 12)})


@service("weekly_orders", 0.0, region=REGIONS)
def _weekly(ctx: Context, region: str) -> pd.DataFrame:
    """Twelve weeks of orders for a region: a quick query."""
    return weekly_orders(region, ctx.variant)


@service("kpis", 2.0)
def _kpis(ctx: Context) -> dict:
    """The dashboard's header numbers: a slow summary query."""
    scale = ctx.scale("kpis")
    return {"Orders": round(1284 * scale), "Customers": round(312 * scale),
            "Returns": round(17 * scale)}


@service("metric_series", 0.2, metric=METRICS)
def _series(ctx: Context, metric: str) -> pd.DataFrame:
    """Thirty days of one metric."""
    values = ctx.rng("series", metric).normal(100, 15, 30).cumsum().round(1)
    return pd.DataFrame({metric: values}, index=pd.RangeIndex(1, 31, name="day"))


@service("yearly_report", 2.0)
def _yearly(ctx: Context) -> pd.DataFrame:
    """Revenue per month this year: a heavy query over a year of orders."""
    revenue = ctx.rng("yearly").integers(80, 160, 12) * 1000
    return pd.DataFrame({"revenue": revenue}, index=pd.Index(MONTHS, name="month"))


@service("orders_waiting", 0.3)
def _waiting(ctx: Context) -> int:
    """Orders waiting to be packed: changes every ten seconds."""
    return int(ctx.rng("waiting", ctx.tick(10)).integers(5, 400))


@service("orders_last_hour", 0.3)
def _last_hour(ctx: Context) -> int:
    """Orders in the last hour: changes every ten seconds."""
    return int(ctx.rng("last-hour", ctx.tick(10)).integers(10, 600))


@service("close_month", 0.4, store=STORES, month=MONTHS)
def _close_month(ctx: Context, store: str, month: str) -> dict:
    """Reconcile one month of a store's invoices."""
    rng = ctx.rng("close", store, month)
    return {"month": month, "invoices": int(rng.integers(300, 900)),
            "revenue": int(rng.integers(40, 120)) * 1000}


@service("delivery_estimate", 0.8, warehouse=WAREHOUSES, route=ROUTES, parcels=int)
def _estimate(ctx: Context, warehouse: str, route: str, parcels: int) -> float:
    """Hours to deliver ``parcels`` parcels from a warehouse on a route: a routing service."""
    if not 0 <= parcels <= 10_000:
        raise ServiceError("speedlit.delivery_estimate(): `parcels` must be 0 to 10,000.")
    return round(float(ctx.rng("route", warehouse, route).uniform(2, 6)) + parcels / 40, 2)


@service("report_count", 0.7, store=STORES, section=SECTIONS)
def _report_count(ctx: Context, store: str, section: str) -> int:
    """One number of a store report: one slow report query."""
    return int(ctx.rng("count", store, section).integers(100, 5000))


@service("revenue_forecast", 1.5, region=REGIONS)
def _revenue_forecast(ctx: Context, region: str) -> pd.DataFrame:
    """Thirty days of revenue forecast for a region: fitting a model."""
    frame = sales(ctx)
    daily = frame[frame["region"] == region].groupby("date")["revenue"].sum()
    slope, start = np.polyfit(np.arange(len(daily)), daily.to_numpy(), 1)
    days = pd.date_range(daily.index[-1], periods=31, freq="D")[1:]
    ahead = np.arange(len(daily), len(daily) + 30)
    return pd.DataFrame({"forecast": (start + slope * ahead).round(2)},
                        index=pd.Index(days, name="date"))


@service("orders_page", 0.8, page=int, size=int)
def _orders_page(ctx: Context, page: int, size: int) -> pd.DataFrame:
    """One page of the orders table."""
    if not (1 <= page <= 1000 and 1 <= size <= 100):
        raise ServiceError("speedlit.orders_page(): `page` must be 1 to 1000, `size` 1 to 100.")
    rng = ctx.rng("orders", page, size)
    first = (page - 1) * size + 1
    return pd.DataFrame({
        "order": np.arange(first, first + size),
        "customer": rng.choice(["Ada", "Grace", "Linus", "Guido", "Barbara"], size),
        "total": rng.gamma(2.0, 40.0, size).round(2),
    })


@service("shipping_rates", 0.8)
def _shipping(ctx: Context) -> dict:
    """Price factors per destination: the carrier's live price API."""
    scale = ctx.scale("shipping")
    return {country: round(f * scale, 2) for country, f in
            (("France", 1.0), ("Germany", 1.1), ("Japan", 2.4), ("Brazil", 2.1))}


@service("sales_forecast", 1.5, region=REGIONS, weeks=int)
def _sales_forecast(ctx: Context, region: str, weeks: int) -> pd.DataFrame:
    """A year of weekly sales for a region and ``weeks`` weeks of forecast."""
    if not 1 <= weeks <= 52:
        raise ServiceError("speedlit.sales_forecast(): `weeks` must be between 1 and 52.")
    rng = ctx.rng("weekly-sales", region)
    history = 100 + rng.normal(0, 5, 52).cumsum()
    trend = (history[-1] - history[-13]) / 12
    future = history[-1] + trend * np.arange(1, weeks + 1)
    return pd.DataFrame({"sales": np.r_[history, future].round(1)},
                        index=pd.RangeIndex(1, 53 + weeks, name="week"))


@service("warehouse_query", 0.7, region=("North", "South", "East"),
         what=("totals", "products", "weekly", "raw"))
def _warehouse(ctx: Context, region: str, what: str) -> pd.DataFrame:
    """Units per product and week for a region: a warehouse query."""
    rng = ctx.rng("warehouse", region, what)
    return pd.DataFrame(rng.integers(20, 200, (26, 4)),
                        columns=["Desks", "Chairs", "Lamps", "Shelves"])


@service("live_sales", 1.5)
def _live_sales(ctx: Context) -> pd.DataFrame:
    """Orders per hour today: a query on today's orders, which changes every minute."""
    orders = ctx.rng("live", ctx.tick(60)).integers(20, 60, 24)
    return pd.DataFrame({"orders": orders}, index=pd.RangeIndex(24, name="hour"))
