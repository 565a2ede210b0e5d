import { describe, expect, it } from "vitest";
import { readAnswer, readUpload, whereOf } from "./imports.ts";

function upload(parts: Record<string, string | File>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(parts)) data.append(name, value);
  return new Request("http://localhost/admin/import", { method: "POST", body: data });
}

describe("readUpload", () => {
  it("reads each file input by its kind, leaves empty ones out and tells check from import", async () => {
    const read = await readUpload(
      upload({
        children: new File(["child_ref\r\nA-1"], "children.csv", { type: "text/csv" }),
        referrals: new File([], ""),
        action: "import",
      }),
    );
    expect(read.files).toEqual({ children: "child_ref\r\nA-1" });
    expect(read.dryRun).toBe(false);
    expect((await readUpload(upload({ action: "check" }))).dryRun).toBe(true);
  });

  it("refuses a spreadsheet file that is not CSV text", async () => {
    const xlsx = new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0])], "children.xlsx");
    const read = await readUpload(upload({ children: xlsx }));
    expect(read.unreadable).toEqual(["children"]);
    expect(read.files).toEqual({});
  });
});

describe("readAnswer", () => {
  it("reads the check's list of problems from a 422 as from a 200", async () => {
    const body = { dryRun: false, rows: {}, problems: [{ file: "a.csv", row: 2, message: "x" }], children: {} };
    const refused = await readAnswer(new Response(JSON.stringify(body), { status: 422 }));
    expect(refused).toEqual({ answer: body });
    expect(await readAnswer(new Response("", { status: 403 }))).toEqual({ status: 403 });
    expect(await readAnswer(undefined)).toEqual({ status: 0 });
  });
});

it("says where a problem is", () => {
  expect(whereOf({ file: "children.csv", row: 4, column: "postcode", message: "" })).toBe(
    "children.csv, row 4, postcode",
  );
  expect(whereOf({ file: "referrals.csv", row: 0, message: "" })).toBe("referrals.csv");
});
