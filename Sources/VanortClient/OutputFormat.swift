/// How vanortctl prints records.
public enum OutputFormat: Sendable {
    /// Aligned columns, for a terminal.
    case table
    /// Tab-separated with a header, for pipes.
    case tsv
    /// One JSON document: an object for one record, an array for lists.
    case json
    /// RFC 4180 CSV with a header.
    case csv
    /// CSV as Excel set to Swedish opens it: byte-order mark, semicolons, decimal commas.
    case excel
}
