#!/usr/bin/env python3
"""Ten years of placements in the demo homes, for the homes benchmark (bench/homes/run.sh).

usage: generate.py DB [PLACEMENTS]   (DB: a demo database; PLACEMENTS: 30000 by default)

Adds to a demo database the juveniles and women of PLACEMENTS stays over the last ten years (about 2.7k admissions a
year to the juvenile homes, as domain.md gives), each with its person, its case, the court measure or consent it
rests on, the stay and its movements (admission, court days, leave, a transfer now and then, the discharge). Most
stays ended long ago; those of the last months are still open, so that each home holds about as many residents as
its places tonight. Cases, persons and measures are copies of the demo's own rows with new ids, references and
names, so every column keeps a value the application wrote. Everything is synthetic.
"""

import random
import sqlite3
import sys
import time

DAY = 86400
FIRST = ['محمد', 'أحمد', 'يزن', 'عمر', 'زيد', 'حمزة', 'علي', 'خالد', 'مالك', 'قصي', 'معاذ', 'عبدالله']
FIRST_F = ['سلمى', 'رهف', 'نور', 'هبة', 'مريم', 'فاطمة', 'رنا', 'آية', 'لين', 'دانة']
FATHERS = ['محمد', 'محمد', 'محمد', 'أحمد', 'خالد', 'سامي', 'عبدالله', 'إبراهيم', 'يوسف', 'حسن']
FAMILIES = ['المجالي', 'العبادي', 'الخطيب', 'الزعبي', 'الحباشنة', 'العدوان', 'الرواشدة', 'المومني', 'الطراونة']


def columns(db, table):
    return [row[1] for row in db.execute(f'PRAGMA table_info({table})')]


def copier(db, table, changed):
    """An INSERT of a copy of a template row of table with the columns of `changed` given anew."""
    cols = columns(db, table)
    kept = [c for c in cols if c not in changed]
    names = ', '.join(changed + kept)
    marks = ', '.join(['?'] * len(changed))
    return f'INSERT INTO {table} ({names}) SELECT {marks}, {", ".join(kept)} FROM {table} WHERE id = ?'


def main():
    path = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 30000
    rng = random.Random(2026)
    db = sqlite3.connect(path)
    db.execute('PRAGMA foreign_keys = OFF')
    homes = db.execute('SELECT unit_id, home_type, statuses FROM homes').fetchall()
    places = {}
    for home_id, sex, band, n in db.execute('SELECT home_id, sex, age_band, sum(places) FROM home_places GROUP BY 1, 2, 3'):
        places.setdefault(home_id, []).append((sex, band, n))
    rooms = {}
    for room_id, home_id in db.execute('SELECT id, home_id FROM home_rooms'):
        rooms.setdefault(home_id, []).append(room_id)
    # templates: a juvenile case with a placing measure, a family-violence case with a consent, their persons
    juvenile = db.execute("SELECT p.case_id, p.person_id, p.measure_id FROM placements p WHERE p.measure_id IS NOT NULL"
                          " LIMIT 1").fetchone()
    woman = db.execute("SELECT p.case_id, p.person_id, p.consent_id FROM placements p WHERE p.consent_id IS NOT NULL"
                       " LIMIT 1").fetchone()
    if not juvenile:
        sys.exit('the demo has no resident placed on a measure to copy')
    user = db.execute('SELECT id FROM users ORDER BY id LIMIT 1').fetchone()[0]
    next_id = {t: db.execute(f'SELECT coalesce(max(id), 0) + 1 FROM {t}').fetchone()[0]
               for t in ('persons', 'cases', 'case_measures', 'case_consents', 'placements')}
    copy_person = copier(db, 'persons', ['id', 'first_name', 'father_name', 'family_name', 'national_id', 'sex',
                                         'birth_date'])
    copy_case = copier(db, 'cases', ['id', 'reference', 'kind'])
    copy_measure = copier(db, 'case_measures', ['id', 'case_id', 'kind', 'starts_on', 'ends_on', 'order_number'])
    copy_consent = copier(db, 'case_consents', ['id', 'case_id', 'person_id']) if woman else None
    now = int(time.time())
    start = now - 3652 * DAY
    per_home = max(1, total // len(homes))
    made = 0
    for home_id, home_type, statuses in homes:
        shelter = home_type in ('family_reconciliation_home', 'amna_home')
        bands = places.get(home_id) or [('female' if shelter else 'male', 'adult' if shelter else '15_18', 10)]
        capacity = sum(n for _, _, n in bands)
        status = statuses.split(',')[0]
        # stays end to end through ten years; the last ones are still open, about as many as the places
        open_from = now - 90 * DAY
        for i in range(per_home):
            sex, band, _ = rng.choice(bands)
            recent = i >= per_home - int(capacity * 0.8)
            admitted = rng.randint(open_from, now - DAY) if recent else rng.randint(start, open_from - 30 * DAY)
            stay = rng.randint(5, 300) * DAY
            pid, cid = next_id['persons'], next_id['cases']
            next_id['persons'] += 1
            next_id['cases'] += 1
            first = rng.choice(FIRST_F if sex == 'female' else FIRST)
            born = time.strftime('%Y-%m-%d', time.gmtime(admitted - rng.randint(12 if not shelter else 20,
                                                                                   17 if not shelter else 45) * 365 * DAY))
            db.execute(copy_person, (pid, first, rng.choice(FATHERS), rng.choice(FAMILIES), None, sex, born,
                                     (woman if shelter and woman else juvenile)[1]))
            kind = 'family_violence' if shelter else ('juvenile_protection' if status == 'protection'
                                                      else 'juvenile_conflict')
            template = woman if shelter and woman else juvenile
            db.execute(copy_case, (cid, f'BH-{time.gmtime(admitted).tm_year}-{cid:07d}', kind, template[0]))
            db.execute('INSERT INTO case_persons (case_id, person_id, role, added_at) VALUES (?, ?, ?, ?)',
                       (cid, pid, 'victim' if shelter else 'juvenile', admitted))
            measure_id = consent_id = None
            ends = admitted + stay
            if shelter and copy_consent:
                consent_id = next_id['case_consents']
                next_id['case_consents'] += 1
                db.execute(copy_consent, (consent_id, cid, pid, woman[2]))
            else:
                measure_id = next_id['case_measures']
                next_id['case_measures'] += 1
                kind_of = {'detained': 'detention', 'sentenced': 'rehabilitation_home'}.get(status, 'care_home')
                day = lambda t: time.strftime('%Y-%m-%d', time.gmtime(t + 3 * 3600))
                db.execute(copy_measure, (measure_id, cid, kind_of, day(admitted), day(ends), f'{cid}/{i % 97}',
                                          juvenile[2]))
            discharged = None if recent else min(ends, now - DAY)
            room = rng.choice(rooms[home_id]) if rooms.get(home_id) else None
            placement = next_id['placements']
            next_id['placements'] += 1
            db.execute('INSERT INTO placements (id, case_id, person_id, home_id, room_id, legal_status, measure_id,'
                       ' consent_id, sex, age_band, state, admitted_at, discharged_at, discharge_reason, created_by,'
                       ' created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,'
                       ' ?, ?)',
                       (placement, cid, pid, home_id, room, 'voluntary' if shelter else status, measure_id,
                        consent_id, sex, band, 'discharged' if discharged else rng.choice(['present'] * 12 + [
                            'absent', 'court', 'hospital']),
                        admitted, discharged, 'end_of_measure' if discharged else None, user, admitted, user,
                        discharged or admitted))
            moves = [('admission', admitted)]
            for _ in range(rng.randint(0, 4)):
                moves.append((rng.choice(['court', 'return', 'leave', 'hospital']),
                              admitted + rng.randint(1, max(2, (discharged or now) - admitted - 1))))
            if discharged:
                moves.append(('discharge', discharged))
            db.executemany('INSERT INTO placement_movements (placement_id, kind, at, to_home_id, recorded_by,'
                           ' recorded_at) VALUES (?, ?, ?, ?, ?, ?)',
                           [(placement, k, at, home_id, user, at) for k, at in moves])
            made += 1
    db.commit()
    present = db.execute("SELECT count(*) FROM placements WHERE state <> 'discharged'").fetchone()[0]
    print(f'placements: {made} over ten years in {len(homes)} homes, {present} residents tonight', file=sys.stderr)


if __name__ == '__main__':
    main()
