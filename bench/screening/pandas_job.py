#!/usr/bin/python3
"""The screening month job in pandas (bench/screening/run.sh): 医保 feed -> 因病 grades per
household (FORMATS.md default grades), merged with open warnings. Prints load and job times;
writes household_id,grade_rank,signals of every warning the run created or merged."""
import sys
import time

import pandas as pd

data, out = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
members = pd.read_csv(f"{data}/members.csv", dtype={"id_number": str, "household_id": str})
households = pd.read_csv(f"{data}/households.csv", dtype={"household_id": str, "region_code": str})
open_w = pd.read_csv(f"{data}/open_warnings.csv", dtype={"household_id": str, "reason": str})
members = members.set_index("id_number")
households = households.set_index("household_id")
load = time.perf_counter() - t0

t1 = time.perf_counter()
feed = pd.read_csv(f"{data}/feed.csv", dtype={"证件号码": str, "是否大病": str})
sp = (feed["合规自付费用"] * 100).round().astype("int64")
m = pd.DataFrame({"id_number": feed["证件号码"], "sp": sp, "serious": feed["是否大病"] == "是"})
m = m.join(members, on="id_number", how="inner").join(households, on="household_id", how="inner")
x = (m["net"] - m["rigid"] - m["sp"]) * 10000
base = m["line"] * m["people"]
ok = (m["sp"] > 0) & (m["people"] > 0)
grade = pd.Series(0, index=m.index, dtype="int64")
grade[m["sp"] >= 500000] = 1
grade[m["serious"]] = 2
grade[ok & (x < 12000 * base)] = 2
grade[ok & (x < 10000 * base)] = 3
m = m.assign(grade=grade)
m = m[m["grade"] > 0]
agg = m.groupby("household_id").agg(grade_rank=("grade", "max"), signals=("grade", "size")).reset_index()
prev = open_w[open_w["reason"] == "因病"][["household_id", "grade_rank", "signals"]]
j = agg.merge(prev, on="household_id", how="left", suffixes=("", "_old"))
has = j["grade_rank_old"].notna()
j.loc[has, "grade_rank"] = j.loc[has, ["grade_rank", "grade_rank_old"]].max(axis=1)
j.loc[has, "signals"] = j.loc[has, "signals"] + j.loc[has, "signals_old"]
j = j[["household_id", "grade_rank", "signals"]].astype({"grade_rank": "int64", "signals": "int64"})
j.to_csv(out, index=False, header=False)
job = time.perf_counter() - t1
print(f"pandas_load_seconds {load:.3f}")
print(f"pandas_job_seconds {job:.3f}")
