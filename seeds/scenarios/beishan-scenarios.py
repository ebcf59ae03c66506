#!/usr/bin/env python3
"""Writes the Beishan lost-person scenario files (seeds/scenarios/beishan-*.jsonl).

Deterministic (fixed random seed): run it again and the files come out byte for byte the same.
All four stories happen on Saturday 2026-12-19 (snow in the evening; sunset in Jinhua about 17:04),
so they can be replayed together. Every device ends its day off the mountain (rescued and driven
down, or home), so a finished replay leaves nothing pending. Coordinates are WGS84 lon/lat; GPS
fixes jitter by a few metres and report 5-30 m accuracy, cell fixes 300-3000 m.

    python3 seeds/scenarios/beishan-scenarios.py
"""
import json
import math
import os
import random
from datetime import datetime, timedelta, timezone

CST = timezone(timedelta(hours=8))
DAY = datetime(2026, 12, 19, tzinfo=CST)
OUT = os.path.dirname(os.path.abspath(__file__))

LUODIAN_TRAILHEAD = (119.62, 29.16)
LUODIAN_TOWN = (119.62, 29.15)
JINHUA = (119.6475, 29.0788)
XIAKE = [(119.62, 29.16), (119.6185, 29.17), (119.623, 29.179), (119.619, 29.188), (119.6215, 29.196), (119.6208, 29.2028)]
SHUANGLONG = (119.6208, 29.2028)
TO_HUANGDAXIAN = [(119.6208, 29.2028), (119.629, 29.2065), (119.637, 29.209), (119.645, 29.21)]
DAPAN_RIDGE = [(119.645, 29.21), (119.65, 29.218), (119.656, 29.225)]
TO_VIEWPOINT = [(119.6208, 29.2028), (119.612, 29.21), (119.605, 29.218), (119.6, 29.225)]
JIANFENG_SOUTH = [(119.648, 29.14), (119.647, 29.145), (119.645, 29.15)]
JIANFENG_WEST = [(119.645, 29.15), (119.638, 29.151), (119.632, 29.15)]


def t(hh, mm, ss=0):
    return DAY + timedelta(hours=hh, minutes=mm, seconds=ss)


def iso(dt):
    return dt.isoformat(timespec="seconds")


def metres_to_deg(lat, north_m, east_m):
    return north_m / 110_540.0, east_m / (111_320.0 * math.cos(math.radians(lat)))


def dist_m(a, b):
    dlat = (a[1] - b[1]) * 110_540.0
    dlon = (a[0] - b[0]) * 111_320.0 * math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot(dlat, dlon)


class Phone:
    def __init__(self, rng, device, battery):
        self.rng = rng
        self.device = device
        self.battery = float(battery)

    def fix(self, when, pos, source="GPS", jitter_m=6.0, drain=0.0):
        r = self.rng
        self.battery = max(1.0, self.battery - drain)
        if source == "GPS":
            acc = round(r.uniform(5, 30), 1)
            sigma = jitter_m
        else:
            acc = float(r.choice([300, 450, 600, 800, 1200, 1500, 2000, 2500, 3000]))
            sigma = acc / 3
        n = max(-2 * sigma, min(2 * sigma, r.gauss(0, sigma)))
        e = max(-2 * sigma, min(2 * sigma, r.gauss(0, sigma)))
        dlat, dlon = metres_to_deg(pos[1], n, e)
        return {"topic": "risk.locations", "value": {
            "deviceId": self.device, "ts": iso(when), "lat": round(pos[1] + dlat, 6), "lon": round(pos[0] + dlon, 6),
            "accuracyM": acc, "source": source, "batteryPct": int(round(self.battery))}}

    def walk(self, path, start, kmh, every=(120, 360), source="GPS", drain=0.4):
        """Fixes along a polyline at walking speed, at irregular intervals; returns (records, arrival)."""
        legs = [(path[i], path[i + 1], dist_m(path[i], path[i + 1])) for i in range(len(path) - 1)]
        total = sum(l[2] for l in legs)
        duration = total / (kmh * 1000 / 3600)
        out, elapsed = [], 0.0
        while elapsed < duration:
            out.append(self.fix(start + timedelta(seconds=elapsed), along(legs, elapsed / duration * total), source,
                                drain=drain))
            elapsed += self.rng.uniform(*every)
        arrival = start + timedelta(seconds=duration)
        out.append(self.fix(arrival, path[-1], source, drain=drain))
        return out, arrival

    def stay(self, pos, start, end, every=(180, 420), source="GPS", jitter_m=6.0, drain=0.5):
        out, when = [], start
        while when <= end:
            out.append(self.fix(when, pos, source, jitter_m, drain))
            when += timedelta(seconds=self.rng.uniform(*every))
        return out


def along(legs, d):
    for a, b, length in legs:
        if d <= length or (a, b, length) == legs[-1]:
            f = 0 if length == 0 else min(1.0, d / length)
            return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)
        d -= length
    return legs[-1][1]


def call(call_id, when, pos, accuracy, caller, device=None, category=None, text=None):
    v = {"callId": call_id, "ts": iso(when), "lat": pos[1], "lon": pos[0], "accuracyM": accuracy, "callerId": caller}
    if device:
        v["deviceId"] = device
    if category:
        v["category"] = category
    if text:
        v["text"] = text
    return {"topic": "risk.calls", "value": v}


def ts_of(rec):
    if "_at" in rec:
        return rec["_at"]
    return datetime.fromisoformat(rec["value"]["ts"])


def write(name, records, rng, swaps=3):
    records = sorted(records, key=ts_of)
    # A few neighbours out of order, as phones deliver them: never more than 90 s apart.
    done, tries = 0, 0
    while done < swaps and tries < 1000:
        tries += 1
        i = rng.randrange(1, len(records) - 1)
        a, b = records[i], records[i + 1]
        if "value" in a and "value" in b and a["topic"] == b["topic"] == "risk.locations":
            if 0 < (ts_of(b) - ts_of(a)).total_seconds() <= 90:
                records[i], records[i + 1] = b, a
                done += 1
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        for r in records:
            r = {k: v for k, v in r.items() if not k.startswith("_")}
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")


def raw(at, text, topic="risk.locations"):
    return {"topic": topic, "raw": text, "_at": at}


def father_and_son(rng):
    """Father and son climb from Luodian (11:05), leave the Dapan ridge below the summit cliffs and are
    stuck there from 15:52; the father calls 110 at 17:48 (TRAPPED); his phone dies at 18:24; rescuers reach
    them at 21:30 and bring them down; they are driven to Jinhua."""
    stuck = (119.6655, 29.2305)
    last_ledge = (119.6648, 29.2298)
    out = []
    for device, battery, delay in (("d-bs-father", 46, 0), ("d-bs-son", 83, 25)):
        p = Phone(rng, device, battery)
        walking, at = p.walk(XIAKE, t(11, 5, delay), 2.6)
        recs, at = p.walk(TO_HUANGDAXIAN, at + timedelta(minutes=10), 2.8)
        walking += recs
        recs, at = p.walk(DAPAN_RIDGE, at + timedelta(minutes=5), 2.2)
        walking += recs
        recs, at = p.walk([DAPAN_RIDGE[-1], (119.6615, 29.2262), last_ledge], at, 1.5, every=(90, 200))
        walking += recs
        # They reach a ledge about 100 m above the spot by 15:40 and slip down to it at 15:52.
        first = t(15, 52, 10 + delay)
        assert at < first, "the walk must end before they get stuck"
        out += walking
        if device == "d-bs-father":
            out += p.stay(stuck, first, t(18, 24), jitter_m=5, drain=1.4)
            out.append(p.fix(t(18, 24), stuck, jitter_m=5, drain=3))
        else:
            out += p.stay(stuck, first, t(19, 0), jitter_m=5)
            out += p.stay(stuck, t(19, 8), t(21, 30), every=(540, 660), jitter_m=5, drain=1.0)
            recs, at = p.walk([stuck, (119.6615, 29.2262), DAPAN_RIDGE[-1]], t(21, 40), 1.2, every=(240, 420))
            out += recs
            recs, at = p.walk(list(reversed(DAPAN_RIDGE)), at, 2.0, every=(240, 420))
            out += recs
            recs, at = p.walk(list(reversed(TO_HUANGDAXIAN)), at, 2.5, every=(240, 420))
            out += recs
            out.append(p.fix(at + timedelta(minutes=40), LUODIAN_TOWN))
            out.append(p.fix(at + timedelta(minutes=75), JINHUA))
    out.append(call("c-bs-20261219-1748", t(17, 48, 31), (119.664, 29.2321), 800, "13905790123", device="d-bs-father",
                    category="TRAPPED", text="我和儿子被困在大盘尖悬崖下面，天黑了走不出来"))
    # A fix whose timestamp lost its offset on the way: refused (bad-timestamp).
    out.append(raw(t(16, 30), '{"deviceId":"d-bs-son","ts":"2026-12-19T16:30:00","lat":29.2306,"lon":119.6654}'))
    write("beishan-father-son-trapped.jsonl", out, rng)


def snow_pair(rng):
    """Two friends walk to the Beishan viewpoint, lose the path in snow after 16:00 and wander; from
    18:00 their phones only get cell fixes; one calls at 21:02 (LOST) with 6 % battery, the other
    phone dies at 20:50; rescuers find them at 23:40 and the first phone, recharged from a power
    bank, reports again on the way down. A worried relative's call from the city is not on the
    mountain and raises nothing."""
    out = []
    wander = [(119.6, 29.225), (119.596, 29.228), (119.592, 29.233), (119.588, 29.2365), (119.5855, 29.2405),
              (119.5885, 29.2435), (119.593, 29.2445)]
    end_spot = wander[-1]
    for device, battery, delay in (("d-bs-snow-1", 58, 0), ("d-bs-snow-2", 41, 40)):
        p = Phone(rng, device, battery)
        recs, at = p.walk(TO_VIEWPOINT, t(14, 30, delay), 2.4, drain=0.6)
        out += recs
        recs, at = p.walk(wander, at + timedelta(minutes=20), 0.9, every=(200, 330), drain=0.9)
        gps = [r for r in recs if ts_of(r) < t(18, 0)]
        out += gps
        last_gps_at = ts_of(gps[-1])
        stop = t(21, 10) if device == "d-bs-snow-1" else t(20, 50)
        when = last_gps_at + timedelta(minutes=9)
        while when < stop:
            out.append(p.fix(when, end_spot, source="CELL", drain=1.7))
            when += timedelta(seconds=rng.uniform(600, 1100))
        p.battery = 6 if device == "d-bs-snow-1" else 3
        out.append(p.fix(stop, end_spot, source="CELL"))
        if device == "d-bs-snow-1":
            p.battery = 35
            recs, at = p.walk([end_spot, (119.597, 29.234), (119.6, 29.225)] + list(reversed(TO_VIEWPOINT))[1:],
                              t(23, 40), 2.0, every=(300, 480))
            out += recs
            out.append(p.fix(at + timedelta(minutes=35), LUODIAN_TOWN))
            out.append(p.fix(at + timedelta(minutes=80), JINHUA))
    out.append(call("c-bs-20261219-2102", t(21, 2, 14), (end_spot[0] + 0.004, end_spot[1] - 0.006), 1800, "13757912345",
                    device="d-bs-snow-1", category="LOST",
                    text="雪太大了，我们在北山观景台附近迷路了，手机只剩6%的电"))
    out.append(call("c-bs-20261219-2120", t(21, 20, 2), (119.6481, 29.0801), 40, "057982345678", category="LOST",
                    text="My brother went hiking on Beishan and has not come back"))
    # An operator typo in a category: refused (out-of-range), the real call above still alerts.
    out.append({"topic": "risk.calls", "value": {"callId": "c-bs-20261219-2105", "ts": iso(t(21, 5, 40)), "lat": 29.24,
                                                 "lon": 119.59, "category": "HELP"}})
    write("beishan-snow-lost-pair.jsonl", out, rng)


def day_hikers(rng):
    """Three ordinary hikers: Jianfeng loop, Xiake road and back, Shuanglong to Huangdaxian. All on
    trails, all down before dark: no alert. Also carries the bad input: a truncated record, a line
    that is not JSON at all, a latitude out of range, and a fix sent again hours later (late)."""
    out = []
    p = Phone(rng, "d-bs-day-1", 92)
    recs, at = p.walk(JIANFENG_SOUTH + JIANFENG_WEST[1:], t(9, 5), 2.5)
    out += recs
    out.append(p.fix(at + timedelta(minutes=30), JINHUA))
    p = Phone(rng, "d-bs-day-2", 77)
    parked = p.fix(t(9, 21, 40), LUODIAN_TOWN)
    out.append(parked)
    recs, at = p.walk(XIAKE, t(9, 40), 2.7)
    out += recs
    recs, at = p.walk(list(reversed(XIAKE)), at + timedelta(minutes=15), 3.2)
    out += recs
    out.append(p.fix(at + timedelta(minutes=12), LUODIAN_TOWN))
    late = dict(parked)
    p = Phone(rng, "d-bs-day-3", 64)
    recs, at = p.walk(TO_HUANGDAXIAN, t(11, 10), 2.6)
    out += recs
    recs, at = p.walk(list(reversed(TO_HUANGDAXIAN)), at + timedelta(minutes=25), 3.0)
    out += recs
    recs, at = p.walk(list(reversed(XIAKE)), at + timedelta(minutes=5), 3.3)
    out += recs
    out.append(p.fix(at + timedelta(minutes=15), LUODIAN_TOWN))
    out.append(raw(t(10, 17, 3), '{"deviceId":"d-bs-day-2","ts":"2026-12-19T10:1'))
    out.append(raw(t(10, 40), 'GPS,d-bs-day-2,29.1801,119.6222'))
    out.append({"topic": "risk.locations", "value": {"deviceId": "d-bs-day-3", "ts": iso(t(12, 2, 9)), "lat": 95.2,
                                                     "lon": 119.63, "accuracyM": 12.0, "source": "GPS"}})
    # The parking fix delivered again four hours later (a phone flushing its outbox): late, refused
    # once event time has moved past it (a job that has seen nothing newer yet would take it as an
    # out-of-order fix off the mountain, which changes nothing either).
    late["_at"] = t(13, 30)
    out.append(late)
    write("beishan-day-hikers.jsonl", out, rng, swaps=4)


def north_valley_gap(rng):
    """A hiker walks from the Shuanglong car park into the north valley, where there is no coverage:
    the phone is quiet from 11:41 to 13:56 (2 h 15 min) and reports again when she climbs out. The
    valley is a known COVERAGE_GAP, so signal-lost waits 3 h there: no alert. She is home by 16:00."""
    out = []
    p = Phone(rng, "d-bs-gap-1", 88)
    valley = [SHUANGLONG, (119.626, 29.215), (119.631, 29.228), (119.634, 29.24), (119.638, 29.2495),
              (119.642, 29.2535)]
    recs, at = p.walk(valley, t(10, 5), 2.4, every=(150, 300))
    out += recs
    out.append(p.fix(t(11, 41, 20), (119.6426, 29.2541)))
    back = [(119.6445, 29.2558), (119.641, 29.252), (119.6375, 29.2485), (119.634, 29.24), (119.631, 29.228),
            (119.626, 29.215), SHUANGLONG]
    recs, at = p.walk(back, t(13, 56, 5), 2.6, every=(150, 300))
    out += recs
    out.append(p.fix(at + timedelta(minutes=35), LUODIAN_TOWN))
    out.append(p.fix(at + timedelta(minutes=70), JINHUA))
    write("beishan-north-valley-gap.jsonl", out, rng, swaps=2)


if __name__ == "__main__":
    father_and_son(random.Random(20261219))
    snow_pair(random.Random(2102))
    day_hikers(random.Random(9))
    north_valley_gap(random.Random(3))
