// Regenerates test/fixtures/tz-answers.json: the server's local time (personalization/engine/
// clock.py, zoneinfo and the tz database) for every zone the database names, at three seeded
// instants each between 2000 and 2040, plus names that are not zones. test/time.test.ts checks
// Intl.DateTimeFormat gives the same hour, weekday and date. Run from the repository's checkout:
//   node sdk/js/packages/engine/scripts/tz-fixture.mjs [path/to/python]
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../../../", import.meta.url));
const python = process.argv[2] ?? `${root}.venv/bin/python`;
const script = `
import json, random, sys, zoneinfo
from datetime import UTC, datetime, timedelta
from personalization.engine.clock import local_time
rng = random.Random(1)
rows = []
names = sorted(zoneinfo.available_timezones()) + ["europe/stockholm", "Mars/Olympus", "../etc", "", "+01:00"]
for name in names:
    for _ in range(3):
        t = datetime(2000, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(0, 40 * 365 * 86400))
        lt = local_time(t, name, "Europe/Stockholm")
        rows.append([name, t.isoformat(), lt.hour, lt.weekday, lt.date.isoformat(), lt.timezone])
json.dump(rows, sys.stdout, separators=(",", ":"))
`;
const out = execFileSync(python, ["-c", script], { cwd: root });
writeFileSync(fileURLToPath(new URL("../test/fixtures/tz-answers.json", import.meta.url)), out);
console.log(`wrote ${JSON.parse(out).length} local times`);
