// A table whose columns can be sorted, an enhancement in the MOJ sortable-table pattern: the
// server renders the plain table (it works without JavaScript); once hydrated, each column header
// becomes a button and the sorted column carries aria-sort.
import { useEffect, useMemo, useState } from "react";

/** One cell: its text, the value it sorts by, and optionally a link or a tag colour. */
export interface Cell {
  readonly text: string;
  readonly sort: string | number;
  readonly href?: string;
  /** A GOV.UK tag modifier (`govuk-tag--blue`): the text is shown as a tag. */
  readonly tag?: string;
  /** A tag shown under the text (a flag such as "Possible duplicate"), with its modifier. */
  readonly flag?: { readonly text: string; readonly tag: string };
}

export interface Column {
  readonly key: string;
  readonly label: string;
  readonly numeric?: boolean;
  /** Long words (names) may break anywhere rather than widen the table. */
  readonly wrap?: boolean;
  /** Kept on one line (a reference). */
  readonly nowrap?: boolean;
}

export interface Props {
  readonly caption: string;
  readonly columns: readonly Column[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
  /** The column whose text is unique to each row (React's key). */
  readonly keyColumn: string;
}

type Direction = "ascending" | "descending";

/** Rows in order of `key`, either way; ties keep their original order. */
export function sortRows(
  rows: readonly Readonly<Record<string, Cell>>[],
  key: string | null,
  direction: Direction,
): Readonly<Record<string, Cell>>[] {
  if (!key) return [...rows];
  const sign = direction === "ascending" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[key]?.sort ?? "";
      const y = b.row[key]?.sort ?? "";
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return order !== 0 ? sign * order : a.index - b.index;
    })
    .map(({ row }) => row);
}

function CellContent({ cell }: { cell: Cell | undefined }) {
  if (!cell) return null;
  if (cell.flag)
    return (
      <>
        <CellContent cell={{ text: cell.text, sort: cell.sort, ...(cell.href ? { href: cell.href } : {}) }} />
        <strong className={`govuk-tag ${cell.flag.tag} admin-cell-flag`}>{cell.flag.text}</strong>
      </>
    );
  if (cell.href)
    return (
      <a className="govuk-link" href={cell.href}>
        {cell.text}
      </a>
    );
  if (cell.tag) return <strong className={`govuk-tag ${cell.tag}`}>{cell.text}</strong>;
  return <>{cell.text}</>;
}

export default function SortableTable({ caption, columns, rows, keyColumn }: Props) {
  const [enhanced, setEnhanced] = useState(false);
  const [sortKey, setSortKey] = useState<string | null>(null);
  const [direction, setDirection] = useState<Direction>("ascending");
  useEffect(() => setEnhanced(true), []);
  const shown = useMemo(() => sortRows(rows, sortKey, direction), [rows, sortKey, direction]);

  function sortBy(key: string) {
    if (key === sortKey) setDirection(direction === "ascending" ? "descending" : "ascending");
    else {
      setSortKey(key);
      setDirection("ascending");
    }
  }

  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {columns.map((column) => (
            <th
              key={column.key}
              scope="col"
              className={`govuk-table__header${column.numeric ? " govuk-table__header--numeric" : ""}`}
              aria-sort={enhanced ? (column.key === sortKey ? direction : "none") : undefined}
            >
              {enhanced ? (
                <button type="button" className="admin-sort-button" onClick={() => sortBy(column.key)}>
                  {column.label}
                </button>
              ) : (
                column.label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {shown.map((row) => (
          <tr className="govuk-table__row" key={row[keyColumn]?.text}>
            {columns.map((column) => (
              <td
                key={column.key}
                className={`govuk-table__cell${column.numeric ? " govuk-table__cell--numeric admin-figure" : ""}${column.wrap ? " admin-wrap-anywhere" : ""}${column.nowrap ? " admin-nowrap" : ""}`}
              >
                <CellContent cell={row[column.key]} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
