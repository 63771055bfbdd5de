import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { CSV_COLUMNS, TABLE_CONTENT_TYPES, buildComparisonTable, csvSafeText, escapeLatex, escapeMarkdown, formatTable, tableToCsv, tableToJson, tableToLatex, tableToMarkdown, toCsv, type TableTrialRow } from "../src/index.js";
import { ROW_ORDER, ROWS, TRIALS } from "./fixtures.js";

const table = buildComparisonTable(TRIALS, {
  baseline: "gelu",
  rows: ROWS,
  columnOrder: ["fashion-mnist-mlp", "lm-tiny"],
});

function parseCsv(text: string): string[][] {
  return parse(text, { relax_column_count: false }) as string[][];
}

describe("CSV export", () => {
  it("writes one line per cell with a header, CRLF line ends and numbers at full precision", () => {
    const csv = tableToCsv(table);
    expect(csv.endsWith("\r\n")).toBe(true);
    const [header, ...records] = parseCsv(csv);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(ROW_ORDER.length * 2);
    const at = (record: string[], name: (typeof CSV_COLUMNS)[number]) => record[CSV_COLUMNS.indexOf(name)];
    const relu = records.find((r) => r[0] === "relu" && at(r, "benchmark") === "fashion-mnist-mlp")!;
    const col = (name: (typeof CSV_COLUMNS)[number]) => at(relu, name);
    expect(col("n")).toBe("2");
    expect(Number(col("delta"))).toBeCloseTo(-0.007, 12);
    expect(col("delta")!.startsWith("-0.00")).toBe(true); // a negative number stays a number
    expect(col("seeds")).toBe("0 1");
    expect(col("ci95_low")).not.toBe("");
    const baseline = records.find((r) => r[0] === "gelu")!;
    expect(baseline[CSV_COLUMNS.indexOf("delta")]).toBe("");
    expect(baseline[CSV_COLUMNS.indexOf("baseline")]).toBe("true");
  });

  it("gives each activation parameter its own column, empty where the activation has none", () => {
    const [, ...records] = parseCsv(tableToCsv(table));
    const at = (record: string[], name: (typeof CSV_COLUMNS)[number]) => record[CSV_COLUMNS.indexOf(name)];
    const egem = records.find((r) => r[0] === "e-gem|N=1|eps=0.01")!;
    expect([at(egem, "activation"), at(egem, "N"), at(egem, "eps"), at(egem, "alpha")]).toEqual(["e-gem", "1", "0.01", ""]);
    const gelu = records.find((r) => r[0] === "gelu")!;
    expect([at(gelu, "activation"), at(gelu, "N"), at(gelu, "eps")]).toEqual(["gelu", "", ""]);
  });

  it("quotes fields with commas, quotes and newlines (RFC 4180)", () => {
    const csv = toCsv(["a", "b", "c"], [["x,y", 'say "hi"', "two\nlines"]]);
    expect(csv).toBe('a,b,c\r\n"x,y","say ""hi""","two\nlines"\r\n');
    expect(parseCsv(csv)[1]).toEqual(["x,y", 'say "hi"', "two\nlines"]);
  });

  it("defuses formula injection in text cells but keeps numeric cells numeric", () => {
    for (const s of ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
      expect(csvSafeText(s)).toBe(`'${s}`);
    for (const s of ["gelu", "e-gem|N=1", "1-2", " =x"]) expect(csvSafeText(s)).toBe(s);
    const csv = toCsv(
      ["label", "value"],
      [
        ['=HYPERLINK("http://x")', -0.5],
        ["-0.5", -1e-9],
      ],
    );
    const rows = parseCsv(csv);
    expect(rows[1]).toEqual(['\'=HYPERLINK("http://x")', "-0.5"]);
    expect(rows[2]).toEqual(["'-0.5", "-1e-9"]);
  });

  it("defuses hostile names coming from the store", () => {
    const hostile: TableTrialRow[] = [
      {
        benchmark: "@evil",
        configKey: "@evil|=cmd",
        activation: { name: "=cmd|' /C calc'!A0" },
        seed: 0,
        status: "COMPLETED",
        finalMetric: -0.25,
      },
    ];
    const rows = parseCsv(tableToCsv(buildComparisonTable(hostile, { baseline: "gelu" })));
    const rec = rows[1]!;
    expect(rec[0]).toBe("'=cmd|' /C calc'!A0");
    expect(rec[1]).toBe("'=cmd|' /C calc'!A0");
    expect(rec[CSV_COLUMNS.indexOf("benchmark")]).toBe("'@evil");
    expect(rec[CSV_COLUMNS.indexOf("mean")]).toBe("-0.25");
  });

  it("round-trips arbitrary text and numbers through an independent parser", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.string({ unit: "binary", maxLength: 30 }),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        (records) => {
          const back = parseCsv(toCsv(["text", "number"], records));
          expect(back).toHaveLength(records.length + 1);
          records.forEach(([text, num], i) => {
            expect(back[i + 1]![0]).toBe(csvSafeText(text));
            expect(
              Object.is(Number(back[i + 1]![1]), num) ||
                (num === 0 && Number(back[i + 1]![1]) === 0),
            ).toBe(true);
          });
        },
      ),
    );
  });
});

describe("Markdown export", () => {
  const md = tableToMarkdown(table);
  const lines = md.trimEnd().split("\n");

  it("is a GitHub table with metric directions in the header", () => {
    expect(lines[0]).toBe(
      "| Activation | Fashion-MNIST, MLP (accuracy ↑) | Tiny character LM (perplexity ↓) |",
    );
    expect(lines[1]).toBe("| --- | ---: | ---: |");
    expect(lines[2]).toBe("| GELU (baseline) | 0.8810 ± 0.0026 | 12.2000 ± 0.2000 |");
    expect(lines.filter((l) => l.startsWith("|"))).toHaveLength(2 + ROW_ORDER.length);
  });

  it("bolds the best cell per column and shows n, delta and marks", () => {
    expect(lines[6]).toBe(
      "| E-GEM (N=1, ε=0.01) | **0.8870 ± 0.0030** (Δ +0.0060\\*) | 12.2167 ± 0.1041 (Δ +0.0167) |",
    );
    expect(lines[5]).toContain("**11.6667 ± 0.2082** (Δ -0.5333\\*)");
    expect(lines[3]).toContain("0.8740 ± 0.0042 (n=2, Δ -0.0070)");
    expect(md.match(/\*\*[0-9]/g)).toHaveLength(2);
  });

  it("ends with a legend of the marks", () => {
    expect(lines.at(-1)).toMatch(/Holm-Bonferroni/);
    expect(lines.at(-1)).toContain("\\*\\* p < 0.01");
    expect(lines.at(-1)).toContain("baseline GELU");
  });

  it("escapes table syntax and HTML in names", () => {
    expect(escapeMarkdown("a|b *c* <script>")).toBe("a\\|b \\*c\\* &lt;script&gt;");
    const t = buildComparisonTable(TRIALS, {
      baseline: "gelu",
      catalog: {
        "fashion-mnist-mlp": { metric: "accuracy", direction: "max", title: "A | B" },
        "lm-tiny": { metric: "loss", direction: "min" },
      },
    });
    expect(tableToMarkdown(t).split("\n")[0]).toBe(
      "| Activation | A \\| B (accuracy ↑) | lm-tiny (loss ↓) |",
    );
  });
});

describe("LaTeX export", () => {
  const tex = tableToLatex(table, { caption: "GEM vs GELU, 3 seeds", label: "tab:gem" });

  it("is a booktabs tabular with one row per config", () => {
    expect(tex).toContain("\\begin{tabular}{lrr}");
    for (const rule of ["\\toprule", "\\midrule", "\\bottomrule"])
      expect(tex.split(rule)).toHaveLength(2);
    expect(tex).toContain("\\caption{GEM vs GELU, 3 seeds}");
    expect(tex).toContain("\\label{tab:gem}");
    expect(tex.match(/\\\\$/gm)).toHaveLength(1 + ROW_ORDER.length);
  });

  it("puts the best cell in \\textbf and marks as superscripts", () => {
    expect(tex).toContain(
      "E-GEM (N=1, $\\varepsilon$=0.01) & \\textbf{0.8870 $\\pm$ 0.0030}$^{\\ast}$ & 12.2167 $\\pm$ 0.1041 \\\\",
    );
    expect(tex.match(/\\textbf\{/g)).toHaveLength(2);
  });

  it("escapes LaTeX specials", () => {
    expect(escapeLatex("a_b & 50% $x #1 {y} ~ ^ \\")).toBe(
      "a\\_b \\& 50\\% \\$x \\#1 \\{y\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}",
    );
    const t = buildComparisonTable(TRIALS, {
      baseline: "gelu",
      catalog: {
        "fashion-mnist-mlp": { metric: "top_1 %", direction: "max", title: "Set #1 & co" },
        "lm-tiny": { metric: "loss", direction: "min" },
      },
    });
    expect(tableToLatex(t)).toContain("Set \\#1 \\& co (top\\_1 \\% $\\uparrow$)");
  });
});

describe("JSON export and format dispatch", () => {
  it("serializes the table losslessly", () => {
    expect(JSON.parse(tableToJson(table))).toEqual(JSON.parse(JSON.stringify(table)));
    expect(JSON.parse(formatTable(table, "json")).rows).toHaveLength(ROW_ORDER.length);
  });

  it("dispatches every format and names a content type for it", () => {
    expect(formatTable(table, "csv")).toBe(tableToCsv(table));
    expect(formatTable(table, "md")).toBe(tableToMarkdown(table));
    expect(formatTable(table, "tex")).toBe(tableToLatex(table));
    expect(Object.keys(TABLE_CONTENT_TYPES).sort()).toEqual(["csv", "json", "md", "tex"]);
  });
});
