using System.Text.Json;

namespace AppLauncher.Store;

/// <summary>
/// Every row a store holds, independent of the database it came from: the tables in an order that inserts parents
/// before the rows that refer to them, each value a JSON scalar (timestamps as ISO 8601 UTC text, booleans as
/// booleans). Sealed config values stay sealed: a dump opens only with the key that sealed them. Made by
/// <see cref="IStore.ExportAsync"/> from one consistent snapshot; read back by <see cref="IStore.ImportAsync"/>.
/// </summary>
public sealed record StoreDump(int SchemaVersion, IReadOnlyList<TableDump> Tables)
{
    public const int FormatVersion = 1;

    public int Format { get; init; } = FormatVersion;

    public long RowCount => Tables.Sum(t => (long)t.Rows.Count);
}

/// <summary>One table of a <see cref="StoreDump"/>: its columns and its rows, one value per column.</summary>
public sealed record TableDump(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<JsonElement>> Rows);
