using System.Diagnostics;
using AppLauncher.Core.Config;
using AppLauncher.Security;
using AppLauncher.Settings;
using AppLauncher.Store;

namespace AppLauncher.Hosting;

/// <summary>
/// <c>store copy --to TARGET</c>: copies every row of the configured store into another, empty one — SQLite →
/// PostgreSQL is the move of an installation that outgrew its file (and back, or to a fresh database of either kind).
/// The target is migrated first; the copy is one transaction (all or nothing); sealed values stay sealed under the same
/// <c>secrets.key</c>, which stays in the data directory.
/// </summary>
public static class StoreCopyCommand
{
    public const string Usage =
        "usage: store copy --to TARGET   (TARGET: a postgres://user:password@host:port/database URL or an Npgsql connection string, or sqlite:PATH)";

    /// <summary>Runs the command; the exit code is 0 on success, 2 on bad usage or a refused copy.</summary>
    public static async Task<int> RunAsync(LauncherSettings settings, IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        if (args.Count != 4 || args[1] != "copy" || args[2] != "--to" || args[3].Length == 0)
        {
            errors.WriteLine(Usage);
            return 2;
        }

        var secrets = new SecretBox(Path.Combine(settings.DataDirectory, SecretBox.KeyFileName));
        var from = StoreFactory.Create(settings.Config.Store, settings.DataDirectory);
        var to = CreateTarget(args[3], secrets);
        try
        {
            var clock = Stopwatch.StartNew();
            output.WriteLine($"==> reading {from.Description}");
            await from.MigrateAsync(CancellationToken.None);
            var dump = await from.ExportAsync(CancellationToken.None);
            foreach (var table in dump.Tables)
            {
                output.WriteLine($"    {table.Name}: {table.Rows.Count} rows");
            }

            output.WriteLine($"==> writing {to.Description}");
            await to.MigrateAsync(CancellationToken.None);
            await to.ImportAsync(dump, CancellationToken.None);
            output.WriteLine($"Copied {dump.RowCount} rows in {clock.Elapsed.TotalSeconds:0.0} s. Point launcher.yaml's store at it " +
                $"(store.provider and store.connectionString, or LAUNCHER_DATABASE_URL) and start the server; keep {secrets.KeyPath} with it.");
            return 0;
        }
        catch (Exception e) when (e is StoreException or SecretsException)
        {
            errors.WriteLine($"store copy failed, nothing was written: {e.Message}");
            return 2;
        }
        finally
        {
            foreach (var store in new[] { from, to })
            {
                if (store is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
            }
        }
    }

    private static IStore CreateTarget(string target, SecretBox secrets)
    {
        if (target.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(target["sqlite:".Length..]);
            return StoreFactory.CreateSqlite(path, secrets);
        }

        return StoreFactory.Create(new StoreConfig { Provider = StoreConfig.Postgres, ConnectionString = target }, Path.GetDirectoryName(secrets.KeyPath)!);
    }
}
