# lab.jq — jq definitions for reading labs/LAB/lab.json and the lab programs' --json output
# (scripts/lib/common.sh loads them with `jq -L scripts/lib 'include "lab"; ...'`).

# A number with a fixed count of decimals, as printf's %.Nf would print it (jq 1.6 has no printf);
# "-" for null, a figure a run could not measure (a hung run's timings, say).
def fixed($digits):
  if . == null then "-" else
  (. * pow(10; $digits) | round) as $scaled
  | ($scaled | fabs | tostring) as $digits_text
  | (if ($digits_text | length) <= $digits
     then "0" * ($digits + 1 - ($digits_text | length)) + $digits_text
     else $digits_text end) as $padded
  | (if $scaled < 0 then "-" else "" end)
    + $padded[:($padded | length) - $digits] + "." + $padded[($padded | length) - $digits:]
  end;
def fixed1: fixed(1);
def fixed2: fixed(2);

# A whole number with thousands separators: 1234567 -> "1,234,567".
def commas:
  if . == null then "-" else tostring end
  | until(test("[0-9]{4}(,|$)") | not;
          sub("(?<head>[0-9])(?<tail>[0-9]{3})(?=,|$)"; "\(.head),\(.tail)"));

# The cases a lab's verdicts are held to (scripts/lib/stress), one per shipped bug and reference.
def stress_cases($lab):
  ([.shipped_bugs[] | {variant, role: "bug", status, verdict,
                        builds: (.stress_builds // [] | if length == 0 then "-" else join(",") end)}]
   + [.techniques[] as $technique
      | .references | {variant: $technique, role: "reference", status, verdict, builds: "-"}])
  as $cases
  | (.one_core // {status: "-", verdict: "-"}) as $one_core
  | (if .measures_speedup then "may-not-measure" else "-" end) as $busy
  | (.stress_args | if length == 0 then "-" else join(" ") end) as $arguments
  | $cases[]
  | [$lab, .variant, .role, .status, .verdict, $one_core.status, $one_core.verdict, $busy,
     .builds, $arguments]
  | @tsv;

# A rate with its prefix, three significant figures: 86412345.6 -> "86.4 M/s", 49300 -> "49.3 k/s".
def rate_text($scale):
  (. * $scale) as $rate
  | [[1e9, "G"], [1e6, "M"], [1e3, "k"], [1, ""]]
  | map(select($rate >= .[0])) | (.[0] // [1, ""]) as [$unit, $prefix]
  | ($rate / $unit) as $value
  | (if $value >= 100 then ($value | round | tostring)
     elif $value >= 10 then ($value | fixed1) else ($value | fixed2) end) + " \($prefix)/s";
