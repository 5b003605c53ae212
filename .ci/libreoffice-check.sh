#!/usr/bin/env bash
# CI check: the spreadsheet outputs work in a real spreadsheet engine, LibreOffice Calc (Debian's
# libreoffice-calc-nogui, driven headless), against the real server on a free loopback port.
#
# 1. xlsx recalculation. For a few comparisons, GET /v1/comparisons?format=xlsx, strip every cached
#    formula result from the workbook (so nothing can come from the file), let LibreOffice recalculate
#    it while exporting every sheet to CSV, and check that the Summary totals (SUMIFS over Line items),
#    the ranks, Monthly's last cumulative cash and Yearly's cash equal the JSON totals to the cent.
# 2. Live formulas. Add 1000 to one month of one line item (cached results kept) and check that the
#    recalculated Summary cash and Monthly cash of that option move by exactly 1000.
# 3. WEBSERVICE. A spreadsheet generated here (.fods) whose cells are
#    =WEBSERVICE("http://127.0.0.1:PORT/v1/comparisons/value?template=team-im&users=120&option=N&metric=npv")
#    is opened by LibreOffice (UNO, from Debian's python3-uno) with links allowed, recalculated and
#    exported to CSV; each exported value must equal the server's JSON NPV, and the server's log must
#    show the GET /v1/comparisons/value requests LibreOffice made.
#
# LibreOffice runs with its own profile (target/ci-libreoffice/profile): formulas recalculated on load
# ("Recalculation on File Load: Always" for Excel and ODF files), links updated on load ("Update links
# when opening: Always") and target/ci-libreoffice a trusted location (Macro Security > Trusted
# Sources); without either of the last two a document's WEBSERVICE stays at Err:540 "External content
# disabled" and never calls the server. `soffice --convert-to` never updates links, so the WEBSERVICE
# document is opened over UNO with UpdateDocMode=FULL_UPDATE, then calculateAll() and a CSV export.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
. .ci/lib.sh

if ! command -v soffice >/dev/null 2>&1 || ! /usr/bin/python3 -c 'import uno' >/dev/null 2>&1; then
  echo "-- apt-get install libreoffice-calc-nogui python3-uno"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui python3-uno >/dev/null
fi
echo "-- $(soffice --version 2>/dev/null | head -n 1)"

WORK="$PWD/target/ci-libreoffice"
rm -rf "$WORK"
mkdir -p "$WORK/profile/user" "$WORK/recalc" "$WORK/live" "$WORK/webservice"
cat >"$WORK/profile/user/registrymodifications.xcu" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="SecureURL" oor:op="fuse"><value><it>file://$WORK</it></value></prop></item>
</oor:items>
EOF
PROFILE="file://$WORK/profile"
# Every sheet to its own CSV (sheet -1), UTF-8, en-US number format (`.` decimals), values not as shown.
CSV_FILTER='Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1'

SOFFICE_PID=""
cleanup() {
  if [ -n "$SOFFICE_PID" ] && kill -0 "$SOFFICE_PID" 2>/dev/null; then
    kill -TERM "$SOFFICE_PID" 2>/dev/null || true
    wait "$SOFFICE_PID" 2>/dev/null || true
  fi
  ci_stop_server
}

ci_build
ci_start_server libreoffice
trap cleanup EXIT
SERVER_LOG="$ARTIFACTS/libreoffice-server.log"

# --- 1 and 2: the workbook, recalculated ---------------------------------------------------------------
t1=$SECONDS
queries=(
  "template=team-im&users=120"
  "template=team-im&users=120&market=china"
  "template=web-app"
)
i=0
for query in "${queries[@]}"; do
  i=$((i + 1))
  name="case$i"
  curl -fsS "$BASE_URL/v1/comparisons?$query&format=xlsx" -o "$WORK/$name.xlsx"
  curl -fsS "$BASE_URL/v1/comparisons?$query" -o "$WORK/$name.json"
  python3 - "$WORK/$name.xlsx" "$WORK/recalc/$name.xlsx" "$WORK/live/$name.xlsx" <<'PY'
"""Writes (1) the workbook without any cached formula result and (2) the workbook with 1000 added to
the first month of the first line item (cached results kept)."""
import copy, re, sys, zipfile

source, stripped, tampered = sys.argv[1:4]
z = zipfile.ZipFile(source)
workbook = z.read("xl/workbook.xml").decode()
rels = z.read("xl/_rels/workbook.xml.rels").decode()
rid = re.search(r'<sheet name="Line items" sheetId="\d+" r:id="(rId\d+)"', workbook).group(1)
target = re.search(r'<Relationship Id="%s" [^>]*Target="([^"]+)"' % rid, rels).group(1)
lines_part = "xl/" + target
count = 0
with zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as out1, \
        zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as out2:
    for item in z.infolist():
        data = z.read(item.filename)
        data1 = data2 = data
        if item.filename.startswith("xl/worksheets/sheet"):
            text, n = re.subn(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1", data.decode())
            count += n
            data1 = text.encode()
        if item.filename == lines_part:
            text = data.decode()
            cell = re.search(r'<c r="AG2"( s="\d+")?><v>([^<]*)</v></c>', text)
            assert cell, "Line items!AG2 (month 1 of the first line) holds a number"
            new = '<c r="AG2"%s><v>%r</v></c>' % (cell.group(1) or "", float(cell.group(2)) + 1000)
            data2 = text.replace(cell.group(0), new).encode()
        out1.writestr(copy.copy(item), data1)
        out2.writestr(copy.copy(item), data2)
assert count > 0, "the workbook has formulas"
print(f"   {source.rsplit('/', 1)[-1]}: {count} cached formula results stripped")
PY
  for variant in recalc live; do
    (cd "$WORK/$variant" && soffice -env:UserInstallation="$PROFILE" --headless --norestore \
      --convert-to "csv:$CSV_FILTER" --outdir . "$name.xlsx" >"$name.convert.log" 2>&1) || {
      cat "$WORK/$variant/$name.convert.log" >&2
      exit 1
    }
  done
  python3 - "$WORK" "$name" "$query" <<'PY'
"""The recalculated sheets against the server's JSON."""
import csv, json, sys
from decimal import Decimal

work, name, query = sys.argv[1:4]
comparison = json.load(open(f"{work}/{name}.json"))

def rows(variant, sheet):
    with open(f"{work}/{variant}/{name}-{sheet}.csv", newline="", encoding="utf-8") as f:
        return list(csv.reader(f))

def cents(text, like):
    """`text` (a recalculated number) rounded like the JSON decimal string `like`."""
    exponent = Decimal(like).as_tuple().exponent
    return Decimal(text).quantize(Decimal(1).scaleb(exponent))

failures = []
def check(what, got, want):
    if cents(got, want) != Decimal(want):
        failures.append(f"{what}: recalculated {got}, JSON {want}")

summary = rows("recalc", "Summary")
header = summary[0]
options_rows = []
for r in summary[1:]:
    if not r or not r[0]:
        break  # a blank row ends the options (the break-even table follows)
    options_rows.append(r)
by_name = {r[0]: dict(zip(header, r)) for r in options_rows}
ranks = {
    key: {e["option"]: e["rank"] for e in comparison["ranking"][by]}
    for key, by in (("rank_npv", "by_npv"), ("rank_cash", "by_cash"))
}
checked = 0
for option in comparison["options"]:
    row = by_name.get(option["name"])
    if row is None:
        failures.append(f"Summary has no row for {option['name']!r}")
        continue
    totals = option["totals"]
    for column in ("cash", "capex", "opex", "expense", "depreciation", "interest", "terminal_value",
                   "net_cash", "npv"):
        check(f"{option['name']} Summary.{column}", row[column], totals[column])
        checked += 1
    if "after_tax_npv" in totals:
        check(f"{option['name']} Summary.after_tax_npv", row["after_tax_npv"], totals["after_tax_npv"])
    for key in ranks:
        if int(Decimal(row[key])) != ranks[key][option["name"]]:
            failures.append(f"{option['name']} Summary.{key}: {row[key]} != {ranks[key][option['name']]}")

monthly = rows("recalc", "Monthly")
m_header = monthly[0]
last = {}
for r in monthly[1:]:
    last[r[0]] = dict(zip(m_header, r))
yearly = rows("recalc", "Yearly")
y_header = yearly[0]
yearly_cash = {}
for r in yearly[1:]:
    d = dict(zip(y_header, r))
    yearly_cash[d["option"]] = yearly_cash.get(d["option"], Decimal(0)) + Decimal(d["cash"])
for option in comparison["options"]:
    n, cash = option["name"], option["totals"]["cash"]
    check(f"{n} Monthly.cumulative_cash (last month)", last[n]["cumulative_cash"], cash)
    check(f"{n} Σ Yearly.cash", str(yearly_cash[n]), cash)

# Live formulas: +1000 on month 1 of the first line moves the first option's totals by 1000.
first = comparison["options"][0]
live = rows("live", "Summary")
live_row = dict(zip(live[0], live[1]))
want = str(Decimal(first["totals"]["cash"]) + 1000)
check(f"{first['name']} Summary.cash after +1000 on Line items!AG2", live_row["cash"], want)
live_month = dict(zip(rows("live", "Monthly")[0], rows("live", "Monthly")[1]))
check(f"{first['name']} Monthly.cash month 1 after +1000", live_month["cash"],
      str(Decimal(first["monthly"][0]["cash"]) + 1000))

if failures:
    print(f"libreoffice-check: {query}: the recalculated workbook differs from the JSON:", file=sys.stderr)
    for f in failures:
        print("   " + f, file=sys.stderr)
    sys.exit(1)
print(f"   {query}: {len(comparison['options'])} options, {checked} Summary totals + ranks, Monthly and "
      f"Yearly equal the JSON to the cent after LibreOffice's recalculation; +1000 on a line moves them")
PY
done
echo "-- xlsx recalculation checks passed in $((SECONDS - t1)) s"

# --- 3: WEBSERVICE from a spreadsheet --------------------------------------------------------------------
t3=$SECONDS
value_path="/v1/comparisons/value?template=team-im&users=120"
curl -fsS "$BASE_URL/v1/comparisons?template=team-im&users=120" -o "$WORK/webservice/expected.json"
python3 - "$BASE_URL$value_path" "$WORK/webservice/webservice.fods" <<'PY'
"""A flat ODF spreadsheet: row N has =WEBSERVICE(<value URL for option N>) and, as in the README,
=VALUE(WEBSERVICE(<the same URL>))."""
import sys
from xml.sax.saxutils import escape, quoteattr

base, path = sys.argv[1:3]
rows = []
for option in (1, 2, 3):
    url = f"{base}&option={option}&metric=npv"
    formula = 'of:=COM.MICROSOFT.WEBSERVICE("%s")' % url
    rows.append(
        "<table:table-row><table:table-cell table:formula=%s/><table:table-cell table:formula=%s/>"
        "<table:table-cell office:value-type=\"string\"><text:p>%s</text:p></table:table-cell></table:table-row>"
        % (quoteattr(formula), quoteattr('of:=VALUE(COM.MICROSOFT.WEBSERVICE("%s"))' % url),
           escape(f"=VALUE(WEBSERVICE(\"{url}\"))"))
    )
open(path, "w", encoding="utf-8").write(f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:body><office:spreadsheet><table:table table:name="WEBSERVICE">
 {''.join(rows)}
 </table:table></office:spreadsheet></office:body>
</office:document>
""")
PY
hits_before="$(grep -c '"path":"/v1/comparisons/value"' "$SERVER_LOG" || true)"
PIPE="breakeven_ci_$$"
soffice -env:UserInstallation="$PROFILE" --headless --invisible --norestore --nologo \
  --accept="pipe,name=$PIPE;urp;" >"$WORK/webservice/soffice.log" 2>&1 &
SOFFICE_PID=$!
timeout 120 /usr/bin/python3 - "$PIPE" "$WORK/webservice/webservice.fods" "$WORK/webservice/webservice.csv" <<'PY'
"""Over UNO: open the document with links allowed, recalculate everything, export to CSV, quit."""
import sys, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

pipe, document, out = sys.argv[1:4]
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for attempt in range(300):
    try:
        ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        break
    except Exception:
        if attempt == 299:
            raise
        time.sleep(0.2)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
FULL_UPDATE = 4  # com.sun.star.document.UpdateDocMode.FULL_UPDATE
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(document), "_blank", 0,
                                   (prop("Hidden", True), prop("UpdateDocMode", FULL_UPDATE)))
doc.calculateAll()
sheet = doc.Sheets.getByIndex(0)
for row in range(3):
    cell = sheet.getCellByPosition(0, row)
    print(f"   A{row + 1} = {cell.getString()!r} (error {cell.getError()}); "
          f"B{row + 1} = {sheet.getCellByPosition(2, row).getString()} = {sheet.getCellByPosition(1, row).getValue()}")
doc.storeToURL(uno.systemPathToFileUrl(out), (
    prop("FilterName", "Text - txt - csv (StarCalc)"),
    prop("FilterOptions", "44,34,76,1,,1033,false,true,false,false,false"),
))
doc.close(True)
import os
if not os.path.exists(out):
    sys.exit(f"libreoffice-check: LibreOffice wrote no {out}")
try:
    desktop.terminate()
except Exception:
    pass  # the bridge goes away as soffice quits
# pyuno can crash while Python tears the dead bridge down at exit (CI saw a segfault after
# all the work was done); the results are on disk, so leave without running finalizers.
sys.stdout.flush()
os._exit(0)
PY
# soffice quits on terminate(); if it does not within 30 s, stop it rather than hang CI.
for _ in $(seq 1 60); do kill -0 "$SOFFICE_PID" 2>/dev/null || break; sleep 0.5; done
kill "$SOFFICE_PID" 2>/dev/null || true
wait "$SOFFICE_PID" 2>/dev/null || true
SOFFICE_PID=""
hits_after="$(grep -c '"path":"/v1/comparisons/value"' "$SERVER_LOG" || true)"
python3 - "$WORK/webservice/webservice.csv" "$WORK/webservice/expected.json" <<'PY'
import csv, json, sys
from decimal import Decimal
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
options = json.load(open(sys.argv[2]))["options"]
bad = []
for i, option in enumerate(options[:3]):
    want = option["totals"]["npv"]
    text, value = rows[i][0], rows[i][1]
    if text != want or Decimal(value) != Decimal(want):
        bad.append(f"option {i + 1} ({option['name']}): WEBSERVICE gave {text!r}, VALUE(WEBSERVICE) {value}, "
                   f"JSON npv {want}")
    else:
        print(f"   option {i + 1} ({option['name']}): WEBSERVICE = VALUE(WEBSERVICE) = {text} = JSON npv")
if bad:
    print("libreoffice-check: WEBSERVICE values differ from the JSON:", *bad, sep="\n   ", file=sys.stderr)
    sys.exit(1)
PY
if [ "$hits_after" -le "$hits_before" ]; then
  echo "libreoffice-check: the server log shows no GET /v1/comparisons/value from LibreOffice" >&2
  exit 1
fi
echo "   server log: $((hits_after - hits_before)) GET /v1/comparisons/value by LibreOffice, e.g.:"
grep '"path":"/v1/comparisons/value"' "$SERVER_LOG" | tail -n 1 | sed 's/^/     /'
echo "-- WEBSERVICE check passed in $((SECONDS - t3)) s"

cp "$WORK/case1.xlsx" "$ARTIFACTS/team-im.xlsx"
echo "-- libreoffice check passed in $((SECONDS - start)) s; workbook: $ARTIFACTS/team-im.xlsx"
