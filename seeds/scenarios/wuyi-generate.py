#!/usr/bin/env python3
"""Generates the Wuyi plating-park replay scenarios (SPEC §3 format) deterministically.

    python3 seeds/scenarios/wuyi-generate.py      # rewrites seeds/scenarios/wuyi-*.jsonl

wuyi-plant-fire.jsonl  a fire at plant 03: its pool fills with fire water, the neighbours take it
                       through the interconnection pipes, water in the enclosure rises over the gate
                       ramp, the creek is contaminated downstream; the upstream sluice closes in
                       time, the downstream one late.
wuyi-rainy-day.jsonl   a rainy day in the park where nothing is wrong.

Every sensor is noisy (uniform noise of about a sensor's resolution: ±1 cm for pool levels) and a
few records are sent twice. The fire also carries three records the job must reject to the DLQ
(an unknown sensor, a pool level in the wrong unit, a truncated raw record).
"""
import json
import os
import random
from datetime import datetime, timedelta, timezone

CST = timezone(timedelta(hours=8))
HERE = os.path.dirname(os.path.abspath(__file__))
POOLS = ["wy-e%02d" % i for i in range(1, 11)]
STATIONS = ["wy-wq-up", "wy-wq-down"]


def iso(t):
    return t.isoformat(timespec="seconds")


class Scenario:
    def __init__(self, seed):
        self.rnd = random.Random(seed)
        self.records = []

    def noise(self, amplitude):
        return (self.rnd.random() * 2 - 1) * amplitude

    def add(self, sensor, t, value, unit, decimals):
        self.records.append((t, sensor, round(value, decimals), unit))

    def write(self, name, duplicates, bad=()):
        """bad: (time, line) pairs of records the job must reject to the DLQ, written in time order."""
        self.records.sort(key=lambda r: (r[0], r[1]))
        bad = sorted(bad, key=lambda b: b[0])
        dup_every = max(1, len(self.records) // duplicates)
        path = os.path.join(HERE, name)
        with open(path, "w", encoding="utf-8") as f:
            for i, (t, sensor, value, unit) in enumerate(self.records):
                while bad and bad[0][0] <= t:
                    f.write(bad.pop(0)[1] + "\n")
                line = json.dumps({"topic": "risk.sensors",
                                   "value": {"sensorId": sensor, "ts": iso(t), "value": value, "unit": unit}},
                                  ensure_ascii=False, separators=(",", ":"))
                f.write(line + "\n")
                if i % dup_every == dup_every // 2:
                    f.write(line + "\n")  # an at-least-once producer sent it twice
        return path


def plant_fire():
    s = Scenario(20261218)
    t0 = datetime(2026, 12, 18, 14, 0, 0, tzinfo=CST)
    minutes = 180
    base = {"wy-e01": 1.05, "wy-e02": 0.90, "wy-e03": 1.00, "wy-e04": 1.00, "wy-e05": 1.20,
            "wy-e06": 0.95, "wy-e07": 1.10, "wy-e08": 0.80, "wy-e09": 1.15, "wy-e10": 0.85}
    area = {"wy-e01": 75.0, "wy-e02": 112.5, "wy-e03": 150.0, "wy-e04": 87.5, "wy-e05": 200.0,
            "wy-e06": 100.0, "wy-e07": 125.0, "wy-e08": 62.5, "wy-e09": 175.0, "wy-e10": 137.5}
    fire_from, fire_to = 20, 140          # fire water runs into pool 03 at 300 m³/h
    pumps_from, pumps_to = 88, 145        # transfer through pipes 02-03, 03-04, 03-08
    transfer = {"wy-e02": 120.0, "wy-e04": 100.0, "wy-e08": 80.0}
    volume = {p: base[p] * area[p] for p in POOLS}
    for m in range(minutes + 1):
        t = t0 + timedelta(minutes=m)
        if fire_from <= m < fire_to:
            volume["wy-e03"] += 300.0 / 60.0
        if pumps_from <= m < pumps_to:
            for p, rate in transfer.items():
                volume["wy-e03"] -= rate / 60.0
                volume[p] += rate / 60.0
        for p in POOLS:
            level = volume[p] / area[p] + s.noise(0.01)
            s.add(p + "-pool-level", t, level, "M", 3)
        # Fire water that the drains cannot take spreads in the enclosure of plant 03 (ramp 15 cm).
        for p in POOLS:
            depth = 0.2 + s.noise(0.2)
            if p == "wy-e03":
                if 60 <= m <= 128:
                    depth = (m - 60) * 0.25 + s.noise(0.2)
                elif 128 < m:
                    depth = max(0.0, 17.0 - (m - 128) * 0.3) + s.noise(0.2)
            s.add(p + "-gate-depth", t, max(0.0, depth), "CM", 1)
        # Sluices: upstream closes in time after the 16:00 order, downstream starts late.
        up = 100.0 if m < 123 else max(0.0, 100.0 - (m - 123) * 20.0)
        down = 100.0 if m < 133 else max(0.0, 100.0 - (m - 133) * 15.0)
        s.add("wy-sluice-up-pos", t, min(100.0, max(0.0, up + s.noise(0.3))), "PCT_OPEN", 1)
        s.add("wy-sluice-down-pos", t, min(100.0, max(0.0, down + s.noise(0.3))), "PCT_OPEN", 1)
        if m % 5 == 0:
            creek = 0.90 + (0.0015 * (m - 125) if m > 125 else 0.0) + s.noise(0.005)
            s.add("wy-creek-level", t, creek, "M", 3)
            for st in STATIONS:
                cr6, ni, cu, ph = 0.010, 0.005, 0.05, 7.3
                if st == "wy-wq-down" and m >= 125:
                    k = min(1.0, (m - 120) / 15.0)
                    cr6, ni, cu, ph = 0.010 + 0.17 * k, 0.005 + 0.010 * k, 0.05 + 0.3 * k, 7.3 - 0.6 * k
                s.add(st + "-cr6", t, max(0.0, cr6 + s.noise(0.003)), "MG_PER_L", 3)
                s.add(st + "-ni", t, max(0.0, ni + s.noise(0.001)), "MG_PER_L", 4)
                s.add(st + "-cu", t, max(0.0, cu + s.noise(0.01)), "MG_PER_L", 3)
                s.add(st + "-ph", t, ph + s.noise(0.1), "PH", 2)
        if m % 10 == 0:
            s.add("wy-rain", t, max(0.0, s.noise(0.3)), "MM_PER_H", 1)
    # Bad input the job must send to the DLQ with a reason, losing nothing else.
    bad = [
        (t0 + timedelta(minutes=30), json.dumps({"topic": "risk.sensors", "value": {
            "sensorId": "wy-e11-pool-level", "ts": iso(t0 + timedelta(minutes=30)), "value": 1.0, "unit": "M"}},
            separators=(",", ":"))),
        (t0 + timedelta(minutes=75), json.dumps({"topic": "risk.sensors", "value": {
            "sensorId": "wy-e03-pool-level", "ts": iso(t0 + timedelta(minutes=75)), "value": 285.0, "unit": "CM"}},
            separators=(",", ":"))),
        (t0 + timedelta(minutes=121), json.dumps({"topic": "risk.sensors",
            "raw": '{"sensorId":"wy-e03-gate-depth","ts":"' + iso(t0 + timedelta(minutes=121)) + '","value":'},
            separators=(",", ":"))),
    ]
    return s.write("wuyi-plant-fire.jsonl", duplicates=12, bad=bad)


def rainy_day():
    s = Scenario(20261219)
    t0 = datetime(2026, 12, 19, 8, 0, 0, tzinfo=CST)
    minutes = 8 * 60
    base = {p: 0.60 + 0.05 * i for i, p in enumerate(POOLS)}   # 15 % … 26 %
    for m in range(0, minutes + 1, 2):
        t = t0 + timedelta(minutes=m)
        # Rain runs into the pools all day: about 0.03 cm/min, staying under a third full.
        rain = 12.0 + 8.0 * (1 if 120 <= m <= 300 else 0) + s.noise(3.0)
        s.add("wy-rain", t, max(0.0, rain), "MM_PER_H", 1) if m % 10 == 0 else None
        for i, p in enumerate(POOLS):
            level = base[p] + 0.0003 * m + s.noise(0.01)
            if p == "wy-e07" and m in (200, 202):
                level += 0.06            # a wave at the sensor: two wild readings
            s.add(p + "-pool-level", t, level, "M", 3)
            gate = 1.5 + 1.5 * (1 if 120 <= m <= 300 else 0) + s.noise(0.5)
            s.add(p + "-gate-depth", t, max(0.0, gate), "CM", 1)
        s.add("wy-sluice-up-pos", t, min(100.0, 100.0 + s.noise(0.3)), "PCT_OPEN", 1)
        s.add("wy-sluice-down-pos", t, min(100.0, 100.0 + s.noise(0.3)), "PCT_OPEN", 1)
        if m % 10 == 0:
            s.add("wy-creek-level", t, 0.90 + 0.0008 * m + s.noise(0.005), "M", 3)
            for st in STATIONS:
                cr6, ni, cu, ph = 0.012, 0.006, 0.08, 7.0
                if 200 <= m <= 230:
                    ph = 5.8             # acid rain lowers the pH upstream and downstream alike
                if st == "wy-wq-down" and m == 360:
                    cr6 = 0.07           # a single bad sample downstream, not repeated
                s.add(st + "-cr6", t, max(0.0, cr6 + s.noise(0.003)), "MG_PER_L", 3)
                s.add(st + "-ni", t, max(0.0, ni + s.noise(0.001)), "MG_PER_L", 4)
                s.add(st + "-cu", t, max(0.0, cu + s.noise(0.01)), "MG_PER_L", 3)
                s.add(st + "-ph", t, ph + s.noise(0.1), "PH", 2)
    return s.write("wuyi-rainy-day.jsonl", duplicates=12)


if __name__ == "__main__":
    for path in (plant_fire(), rainy_day()):
        with open(path, encoding="utf-8") as f:
            print("%s: %d records" % (os.path.relpath(path), sum(1 for _ in f)))
