using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;

namespace AppLauncher.Store;

/// <summary>Export and import of every row (<see cref="StoreDump"/>), for backups and for moving between databases.</summary>
internal abstract partial class SqlStore
{
    /// <summary>What a column holds, as far as moving its values between databases is concerned.</summary>
    protected internal enum ColumnKind
    {
        Text,
        Integer,
        Real,
        Boolean,
        Timestamp,
    }

    /// <summary>A table as the database describes it: its columns in order, the tables it refers to, its identity column.</summary>
    protected internal sealed record TableShape(string Name, IReadOnlyList<(string Name, ColumnKind Kind)> Columns, IReadOnlyList<string> References, string? Identity);

    /// <summary>
    /// Tables that are not the store's own state: the schema version (a dump records it once) and Quartz's tables
    /// (schedules the server derives from the apps again at start).
    /// </summary>
    private static bool IsDumped(string table) =>
        table is not ("schema_version" or "login_failures") && !table.StartsWith("qrtz_", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every table in the database with its columns, references and identity column.</summary>
    protected abstract Task<IReadOnlyList<TableShape>> DescribeAsync(DbConnection db, DbTransaction tx, CancellationToken cancellationToken);

    /// <summary>After rows were inserted with their own identity values, makes the next generated one follow them.</summary>
    protected virtual Task AdvanceIdentityAsync(DbConnection db, DbTransaction tx, TableShape table, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Where a provider's snapshot isolation differs from its default (PostgreSQL: repeatable read).</summary>
    protected virtual IsolationLevel SnapshotIsolation => IsolationLevel.Unspecified;

    public async Task<StoreDump> ExportAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(SnapshotIsolation, cancellationToken);
        var version = (int)(await ScalarAsync<long?>(db, tx, "SELECT MAX(version) FROM schema_version", cancellationToken) ?? 0);
        var tables = new List<TableDump>();
        foreach (var table in ParentsFirst(await DescribeAsync(db, tx, cancellationToken)))
        {
            var columns = table.Columns.Select(c => c.Name).ToList();
            var rows = new List<IReadOnlyList<JsonElement>>();
            await using var command = Command(db, tx, $"SELECT {string.Join(", ", columns.Select(Quote))} FROM {Quote(table.Name)}", []);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add([.. Enumerable.Range(0, columns.Count).Select(i => ToJson(reader.IsDBNull(i) ? null : reader.GetValue(i)))]);
            }

            tables.Add(new TableDump(table.Name, columns, rows));
        }

        await tx.CommitAsync(cancellationToken);
        return new StoreDump(version, tables);
    }

    public async Task ImportAsync(StoreDump dump, CancellationToken cancellationToken)
    {
        if (dump.Format != StoreDump.FormatVersion)
        {
            throw new StoreException($"the dump is in format {dump.Format}; this AppLauncher reads format {StoreDump.FormatVersion}.");
        }

        if (dump.SchemaVersion > Migrations.Count)
        {
            throw new StoreException(
                $"the dump was made at schema version {dump.SchemaVersion}, but this AppLauncher knows versions up to {Migrations.Count}: import it with an AppLauncher at least as new as the one that made it.");
        }

        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        var shapes = (await DescribeAsync(db, tx, cancellationToken)).ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var table in dump.Tables)
        {
            var shape = shapes.GetValueOrDefault(table.Name)
                ?? throw new StoreException($"the dump has a table '{table.Name}' that {Description} does not have: import it with the AppLauncher version that made it.");
            var unknown = table.Columns.FirstOrDefault(c => shape.Columns.All(s => s.Name != c));
            if (unknown is not null)
            {
                throw new StoreException($"the dump's table '{table.Name}' has a column '{unknown}' that {Description} does not have: import it with the AppLauncher version that made it.");
            }
        }

        foreach (var shape in shapes.Values.Where(s => s.Name != "store_meta" && IsDumped(s.Name)))
        {
            var rows = await ScalarAsync<long>(db, tx, $"SELECT COUNT(*) FROM {Quote(shape.Name)}", cancellationToken);
            if (rows > 0)
            {
                throw new StoreException($"{Description} already holds data ({rows} rows in {shape.Name}): import into an empty database (a new one, or a fresh data directory).");
            }
        }

        // A dump sealed under another key would import values this server can never open: refuse before writing.
        var keyCheck = dump.Tables.FirstOrDefault(t => t.Name == "store_meta") is { } meta ? KeyCheckOf(meta) : null;
        if (keyCheck is not null)
        {
            secrets.CheckKeyOf(keyCheck, "the dump's key check");
        }

        await ExecuteAsync(db, tx, "DELETE FROM store_meta", cancellationToken);
        foreach (var table in dump.Tables)
        {
            var shape = shapes[table.Name];
            var kinds = table.Columns.Select(c => shape.Columns.First(s => s.Name == c).Kind).ToList();
            var sql = $"INSERT INTO {Quote(table.Name)} ({string.Join(", ", table.Columns.Select(Quote))}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"@p{i}"))})";
            foreach (var row in table.Rows)
            {
                if (row.Count != table.Columns.Count)
                {
                    throw new StoreException($"the dump's table '{table.Name}' has a row of {row.Count} values for {table.Columns.Count} columns: the dump is damaged.");
                }

                var parameters = row.Select((value, i) => ($"@p{i}", FromJson(value, kinds[i], table.Name, table.Columns[i]))).ToArray();
                await ExecuteAsync(db, tx, sql, cancellationToken, parameters);
            }

            await AdvanceIdentityAsync(db, tx, shape, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        _keyChecked = false;
    }

    private static string? KeyCheckOf(TableDump meta)
    {
        var key = meta.Columns.ToList().IndexOf("key");
        var value = meta.Columns.ToList().IndexOf("value");
        return meta.Rows.FirstOrDefault(r => r[key].ValueKind == JsonValueKind.String && r[key].GetString() == KeyCheckName) is { } row ? row[value].GetString() : null;
    }

    /// <summary>The tables with every table after the ones it refers to (a self-reference does not count).</summary>
    private static List<TableShape> ParentsFirst(IReadOnlyList<TableShape> tables)
    {
        var byName = tables.Where(t => IsDumped(t.Name)).ToDictionary(t => t.Name, StringComparer.Ordinal);
        var ordered = new List<TableShape>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        void Place(TableShape table, int depth)
        {
            if (placed.Contains(table.Name) || depth > byName.Count)
            {
                return;
            }

            foreach (var parent in table.References.Where(r => r != table.Name && byName.ContainsKey(r)))
            {
                Place(byName[parent], depth + 1);
            }

            if (placed.Add(table.Name))
            {
                ordered.Add(table);
            }
        }

        foreach (var table in byName.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            Place(table, 0);
        }

        return ordered;
    }

    private static JsonElement ToJson(object? value) => value switch
    {
        null => JsonSerializer.SerializeToElement<object?>(null),
        DateTimeOffset t => JsonSerializer.SerializeToElement(t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
        DateTime t => JsonSerializer.SerializeToElement(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture)),
        bool b => JsonSerializer.SerializeToElement(b),
        long or int or short or byte => JsonSerializer.SerializeToElement(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        double or float or decimal => JsonSerializer.SerializeToElement(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        string s => JsonSerializer.SerializeToElement(s),
        _ => throw new StoreException($"a value of type {value.GetType().Name} cannot be exported."),
    };

    private object? FromJson(JsonElement value, ColumnKind kind, string table, string column)
    {
        try
        {
            return (value.ValueKind, kind) switch
            {
                (JsonValueKind.Null or JsonValueKind.Undefined, _) => null,
                (JsonValueKind.String, ColumnKind.Timestamp) => Timestamp(DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)),
                (JsonValueKind.True or JsonValueKind.False, ColumnKind.Boolean) => value.GetBoolean(),
                (JsonValueKind.Number, ColumnKind.Boolean) => value.GetInt64() != 0,
                (JsonValueKind.True or JsonValueKind.False, ColumnKind.Integer) => value.GetBoolean() ? 1L : 0L,
                (JsonValueKind.Number, ColumnKind.Integer) => value.GetInt64(),
                (JsonValueKind.Number, ColumnKind.Real) => value.GetDouble(),
                (JsonValueKind.String, ColumnKind.Text) => value.GetString(),
                _ => throw new FormatException($"a JSON {value.ValueKind} cannot go into a {kind} column"),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new StoreException($"the dump's value for {table}.{column} does not fit {Description}: {e.Message}. The dump is damaged.", e);
        }
    }

    protected static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Reads one query's rows into values, inside <paramref name="tx"/>.</summary>
    protected static async Task<List<T>> RowsAsync<T>(DbConnection db, DbTransaction tx, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(db, tx, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
