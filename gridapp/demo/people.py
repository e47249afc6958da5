"""Names, ID numbers, phones and flags for demo people: real surname frequencies,
given names of each generation, valid ID numbers with plausible region codes."""

from __future__ import annotations

import datetime as dt
import json
import random
from functools import lru_cache

from gridapp import categories as cats
from gridapp import idnumber
from gridapp.demo.families import REFERENCE_YEAR, Family, Member
from gridapp.paths import resource


@lru_cache(maxsize=1)
def names_data() -> dict:
    return json.loads(resource("demo", "names.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def regions_data() -> dict:
    return json.loads(resource("demo", "regions.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=512)
def place_of(code: str) -> str:
    if code[:2] in idnumber.PERMIT_PREFIXES:
        return idnumber.PERMIT_PREFIXES[code[:2]]
    return idnumber._place(code) or code


class PeopleMaker:
    def __init__(self, rng: random.Random, profile: dict):
        self.rng = rng
        self.profile = profile
        data = names_data()
        self.surnames = [s for s, _ in data["surnames"]]
        self.surname_weights = [w for _, w in data["surnames"]]
        self.given = {g: {era: words.split() for era, words in eras.items()}
                      for g, eras in data["given"].items()}
        self.rare = data["rare_names"]
        self.permits = regions_data()["permits"]
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()

    # --- names -------------------------------------------------------------
    def surname(self) -> str:
        return self.rng.choices(self.surnames, self.surname_weights)[0]

    def given_name(self, gender: str, birth_year: int) -> str:
        era = "old" if birth_year < 1965 else "mid" if birth_year < 1992 else "new"
        pool = self.given[gender or "M"][era]
        name = self.rng.choice(pool)
        if len(name) == 1 and self.rng.random() < 0.45:
            name += self.rng.choice(self.given[gender or "M"]["mid" if era == "old" else era])[:1]
        return name

    def name(self, surname: str, gender: str, birth_year: int) -> str:
        if self.rng.random() < 1 / 1500:
            return self.rng.choice(self.rare)
        return surname + self.given_name(gender, birth_year)

    # --- numbers -----------------------------------------------------------
    def birth_date(self, age: int) -> dt.date:
        start = dt.date(REFERENCE_YEAR - age - 1, 10, 2)
        return start + dt.timedelta(days=self.rng.randint(0, 364))

    def region(self, status: str, reason: str) -> str:
        p, r = self.profile, self.rng.random()
        if status == "inflow":
            if r < 0.002:
                return self.rng.choice(self.permits)
            far = {"business_work": 0.6, "other": 0.5, "other_county": 0.15}.get(reason, 0.1)
            return self.rng.choice(p["far"] if r < far else p["province"])
        return self.rng.choice(p["local"] if r < 0.9 else p["province"])

    def id_number(self, region: str, birth: dt.date, gender: str) -> str:
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if gender == "M" else 0)
            number = idnumber.make(region, birth, seq)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def phone(self) -> str:
        while True:
            number = "1" + self.rng.choice("3578") + self.rng.choice("0123456789") + \
                     f"{self.rng.randrange(100_000_000):08d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    # --- flags -------------------------------------------------------------
    def person_flags(self, m: Member, married: bool) -> int:
        r = self.rng.random
        codes = []
        if m.gender == "F" and married and 22 <= m.age <= 38 and r() < 0.03:
            codes.append("pregnant")
        if m.gender == "F" and married and 20 <= m.age <= 45 and r() < 0.08:
            codes.append("pregnancy_check")
        if m.gender == "F" and married and 20 <= m.age <= 49 and r() < 0.12:
            codes.append("environment_check")
        if m.age >= 80:
            codes.append("elderly")
        if r() < (0.08 if m.age >= 65 else 0.005):
            codes.append("frail")
        if m.age < 14 and r() < 0.10:
            codes.append("child")
        if r() < 0.02:
            codes.append("disabled")
        if m.age >= 18 and r() < 0.07:
            codes.append("party_member")
        return cats.to_mask(codes, cats.PERSON)

    def household_flags(self, fam: Family, person_masks: list[int], ownership: str) -> int:
        r = self.rng.random
        codes = []
        ages = [m.age for m in fam.members]
        if fam.kind == "resident":
            codes.append("resident_household")
        if any(mask & cats.BY_CODE["party_member"].mask for mask in person_masks):
            codes.append("party_family")
        if ownership == "rented":
            local = fam.kind != "inflow" or fam.reason == ""
            codes.append("local_renter" if local else "nonlocal_renter")
        if ownership == "bought":
            codes.append("buyer")
        if r() < 0.015:
            codes.append("honour_family")
        if len(ages) == 2 and fam.members[1].relation == "配偶" and max(ages) <= 32 and r() < 0.7:
            codes.append("newlywed_childless")
        if fam.kind != "registered" and min(ages) >= 60:
            if len(ages) == 1 and ages[0] >= 70 and r() < 0.4:
                codes.append("solitary_elderly")
            else:
                codes.append("empty_nest")
        return cats.to_mask(codes, cats.HOUSEHOLD)
