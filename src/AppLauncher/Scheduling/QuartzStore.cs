using AppLauncher.Core.Config;
using AppLauncher.Store;
using Quartz;

namespace AppLauncher.Scheduling;

/// <summary>
/// Where Quartz keeps the schedules: with <c>store.provider: postgres</c>, its persistent ADO job store on the same
/// database, clustered, so every replica sees one set of triggers and exactly one of them fires each (Quartz takes a
/// row lock in <c>qrtz_locks</c> to acquire a trigger); with SQLite, its RAM store.
/// </summary>
/// <remarks>
/// SQLite keeps the RAM store because a SQLite file belongs to one server: there is no second replica to share
/// triggers with, every schedule is derived again from the apps at start, and Quartz's row locks would be one more
/// writer on a database that allows only one at a time. The <c>qrtz_*</c> tables come from the store's migrations
/// (Quartz only validates them at start, never creates them), and a dump leaves them out: they are rebuilt from the
/// apps' cron jobs, polls and certificates.
/// </remarks>
public static class QuartzStore
{
    /// <summary>Every replica's scheduler has this name: Quartz's cluster is the set of schedulers sharing one name and one database.</summary>
    public const string SchedulerName = "launcher";

    /// <summary>The table prefix of migration 19's tables.</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>
    /// How late a trigger may fire before it counts as missed (and, for cron jobs, is skipped), the same on both stores
    /// (Quartz's RAM store would otherwise say 5 s and its database store 60 s).
    /// </summary>
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromMinutes(1);

    /// <summary>Chooses Quartz's job store from the platform's store.</summary>
    public static void Configure(IQuartzBuilder quartz, StoreConfig store)
    {
        quartz.ConfigureScheduler(o => o.InstanceName = SchedulerName);
        if (store.Provider != StoreConfig.Postgres)
        {
            quartz.UseInMemoryStore(o => o.MisfireThreshold = MisfireThreshold);
            return;
        }

        var connection = PostgresConnectionString.Parse(store.ConnectionString ?? "").ConnectionString;
        quartz.UsePersistentStore(s =>
        {
            s.UsePostgres(connection);
            s.UseClustering(_ => { });
            s.ConfigureStore(o =>
            {
                o.TablePrefix = TablePrefix;
                o.MisfireThreshold = MisfireThreshold;
                // Job data are plain strings (app and job names): stored as such, readable in the database and
                // independent of any serializer's format.
                o.StoreJobDataAsStrings = true;
                o.SchemaProvisioning = SchemaProvisioning.Validate;
            });
        });
    }
}
