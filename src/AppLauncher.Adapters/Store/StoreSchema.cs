namespace AppLauncher.Store;

/// <summary>
/// The store's one schema, written once for every SQL database: migration <c>i</c> takes it from version <c>i</c> to
/// <c>i + 1</c>. Forward-only: never edit one that shipped (its text for SQLite must stay what it was), add one.
/// <c>{Timestamp}</c>, <c>{Boolean}</c> and <c>{Identity}</c> are the column types each database spells its own way.
/// </summary>
internal static class StoreSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE apps (
            name TEXT PRIMARY KEY,
            created_at {Timestamp} NOT NULL,
            current_revision TEXT NULL
        );
        CREATE TABLE builds (
            id {Identity},
            app TEXT NOT NULL REFERENCES apps(name),
            commit_sha TEXT NOT NULL,
            buildpack TEXT NULL,
            status TEXT NOT NULL,
            started_at {Timestamp} NOT NULL,
            finished_at {Timestamp} NULL,
            error TEXT NULL
        );
        CREATE INDEX builds_app ON builds(app, id);
        CREATE TABLE revisions (
            name TEXT PRIMARY KEY,
            app TEXT NOT NULL REFERENCES apps(name),
            number INTEGER NOT NULL,
            image TEXT NOT NULL,
            image_id TEXT NOT NULL,
            commit_sha TEXT NOT NULL,
            buildpack TEXT NOT NULL,
            created_at {Timestamp} NOT NULL,
            UNIQUE (app, number)
        );
        """,
        """
        ALTER TABLE apps ADD COLUMN autoscaling TEXT NULL;
        ALTER TABLE revisions ADD COLUMN released_at {Timestamp} NULL;
        """,
        """
        CREATE TABLE domains (
            name TEXT PRIMARY KEY,
            app TEXT NOT NULL REFERENCES apps(name),
            status TEXT NOT NULL,
            token TEXT NOT NULL,
            created_at {Timestamp} NOT NULL,
            verified_at {Timestamp} NULL
        );
        CREATE INDEX domains_app ON domains(app, name);
        """,
        """
        ALTER TABLE revisions ADD COLUMN port INTEGER NULL;
        """,
        """
        ALTER TABLE revisions ADD COLUMN health_path TEXT NULL;
        """,
        """
        ALTER TABLE apps ADD COLUMN traffic TEXT NULL;
        ALTER TABLE revisions ADD COLUMN branch TEXT NULL;
        """,
        """
        CREATE TABLE config_vars (
            app TEXT NOT NULL REFERENCES apps(name),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            secret {Boolean} NOT NULL,
            updated_at {Timestamp} NOT NULL,
            updated_by TEXT NULL,
            PRIMARY KEY (app, key)
        );
        ALTER TABLE revisions ADD COLUMN config TEXT NULL;
        ALTER TABLE revisions ADD COLUMN change TEXT NULL;
        ALTER TABLE revisions ADD COLUMN actor TEXT NULL;
        """,
        """
        ALTER TABLE revisions ADD COLUMN app_file TEXT NULL;
        """,
        """
        CREATE TABLE store_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
        """
        ALTER TABLE apps ADD COLUMN team TEXT NOT NULL DEFAULT 'apps';
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            owner {Boolean} NOT NULL,
            created_at {Timestamp} NOT NULL
        );
        CREATE TABLE teams (
            name TEXT PRIMARY KEY,
            created_at {Timestamp} NOT NULL
        );
        CREATE TABLE memberships (
            team TEXT NOT NULL REFERENCES teams(name),
            user_name TEXT NOT NULL REFERENCES users(name),
            role TEXT NOT NULL,
            PRIMARY KEY (team, user_name)
        );
        CREATE TABLE tokens (
            id {Identity},
            hash TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            user_name TEXT NOT NULL REFERENCES users(name),
            team TEXT NULL,
            role TEXT NULL,
            app TEXT NULL,
            created_at {Timestamp} NOT NULL,
            expires_at {Timestamp} NULL,
            last_used_at {Timestamp} NULL,
            revoked_at {Timestamp} NULL
        );
        CREATE TABLE audit (
            id {Identity},
            at {Timestamp} NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            app TEXT NULL,
            target TEXT NULL,
            outcome TEXT NOT NULL,
            detail TEXT NULL
        );
        CREATE INDEX audit_app ON audit(app, id);
        """,
        """
        ALTER TABLE revisions ADD COLUMN processes TEXT NULL;
        ALTER TABLE apps ADD COLUMN formation TEXT NULL;
        """,
        """
        CREATE TABLE cron_runs (
            id {Identity},
            app TEXT NOT NULL REFERENCES apps(name),
            job TEXT NOT NULL,
            status TEXT NOT NULL,
            scheduled_at {Timestamp} NOT NULL,
            started_at {Timestamp} NOT NULL,
            duration_seconds DOUBLE PRECISION NULL,
            exit_code INTEGER NULL,
            output TEXT NULL
        );
        CREATE INDEX cron_runs_app ON cron_runs(app, job, id);
        """,
        """
        ALTER TABLE revisions ADD COLUMN no_web {Boolean} NULL;
        CREATE TABLE process_restarts (
            app TEXT NOT NULL REFERENCES apps(name),
            revision TEXT NOT NULL,
            type TEXT NOT NULL,
            restarts INTEGER NOT NULL,
            PRIMARY KEY (revision, type)
        );
        CREATE INDEX process_restarts_app ON process_restarts(app);
        """,
        """
        CREATE TABLE login_failures (
            id {Identity},
            login_key TEXT NOT NULL,
            at_ms BIGINT NOT NULL
        );
        CREATE INDEX login_failures_key ON login_failures(login_key, at_ms);
        CREATE INDEX login_failures_at ON login_failures(at_ms);
        """,
        """
        CREATE TABLE remotes (
            app TEXT PRIMARY KEY REFERENCES apps(name),
            url TEXT NOT NULL,
            branch TEXT NOT NULL,
            tags TEXT NOT NULL,
            previews {Boolean} NOT NULL,
            credentials TEXT NULL,
            webhook_secret TEXT NOT NULL,
            poll_seconds INTEGER NULL,
            status TEXT NOT NULL,
            error TEXT NULL,
            checked_at {Timestamp} NULL,
            created_at {Timestamp} NOT NULL
        );
        CREATE TABLE remote_refs (
            app TEXT NOT NULL REFERENCES apps(name),
            ref TEXT NOT NULL,
            commit_sha TEXT NOT NULL,
            PRIMARY KEY (app, ref)
        );
        CREATE TABLE webhook_deliveries (
            id TEXT PRIMARY KEY,
            app TEXT NOT NULL REFERENCES apps(name),
            received_at {Timestamp} NOT NULL
        );
        CREATE INDEX webhook_deliveries_received ON webhook_deliveries(received_at);
        ALTER TABLE revisions ADD COLUMN remote TEXT NULL;
        ALTER TABLE revisions ADD COLUMN source_ref TEXT NULL;
        """,
        """
        CREATE TABLE certificates (
            name TEXT PRIMARY KEY,
            app TEXT NULL REFERENCES apps(name),
            domains TEXT NOT NULL,
            issuer TEXT NULL,
            not_before {Timestamp} NULL,
            not_after {Timestamp} NULL,
            chain_pem TEXT NULL,
            key_pem TEXT NULL,
            renew_at {Timestamp} NULL,
            last_error TEXT NULL,
            next_attempt {Timestamp} NULL,
            failures INTEGER NOT NULL,
            updated_at {Timestamp} NOT NULL
        );
        CREATE INDEX certificates_app ON certificates(app, name);
        CREATE TABLE acme_accounts (
            directory TEXT PRIMARY KEY,
            key_pem TEXT NOT NULL,
            url TEXT NULL,
            created_at {Timestamp} NOT NULL
        );
        """,
        """
        CREATE TABLE alert_history (
            id {Identity},
            rule TEXT NOT NULL,
            app TEXT NULL,
            notice TEXT NOT NULL,
            condition TEXT NOT NULL,
            value DOUBLE PRECISION NULL,
            message TEXT NOT NULL,
            at {Timestamp} NOT NULL,
            webhook TEXT NOT NULL,
            delivery TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            error TEXT NULL
        );
        CREATE INDEX alert_history_app ON alert_history(app, id);
        """,
        // A team's apps named by domains.teamTemplate ({app}.{team}.{domain}): opt-in, off for existing teams.
        """
        ALTER TABLE teams ADD COLUMN team_domains {Boolean} NOT NULL DEFAULT FALSE;
        """,
        // Quartz's persistent job store (clustered, with store.provider: postgres): the tables of Quartz 4.7's PostgreSQL
        // schema that its job store reads and writes (the optional execution-history tables are left out: cron runs have
        // a history of their own). Quartz validates them at start and never creates them itself, so they come and go
        // with our versions. SQLite gets them too, unused (it keeps Quartz's RAM store), so that both databases have one
        // schema and one version sequence, which 'store copy' and dumps rely on; SQLite takes PostgreSQL's type names.
        """
        CREATE TABLE qrtz_job_details (
            sched_name TEXT NOT NULL,
            job_name TEXT NOT NULL,
            job_group TEXT NOT NULL,
            description TEXT NULL,
            job_class_name TEXT NOT NULL,
            is_durable BOOL NOT NULL,
            is_nonconcurrent BOOL NOT NULL,
            is_update_data BOOL NOT NULL,
            requests_recovery BOOL NOT NULL,
            job_data BYTEA NULL,
            PRIMARY KEY (sched_name, job_name, job_group)
        );
        CREATE TABLE qrtz_triggers (
            sched_name TEXT NOT NULL,
            trigger_name TEXT NOT NULL,
            trigger_group TEXT NOT NULL,
            job_name TEXT NOT NULL,
            job_group TEXT NOT NULL,
            description TEXT NULL,
            next_fire_time BIGINT NULL,
            prev_fire_time BIGINT NULL,
            priority INTEGER NULL,
            trigger_state TEXT NOT NULL,
            trigger_type TEXT NOT NULL,
            start_time BIGINT NOT NULL,
            end_time BIGINT NULL,
            calendar_name TEXT NULL,
            misfire_instr SMALLINT NULL,
            misfire_orig_fire_time BIGINT NULL,
            execution_group VARCHAR(200) NULL,
            preferred_node VARCHAR(200) NULL,
            preferred_node_auto BOOL NOT NULL DEFAULT FALSE,
            retry_policy VARCHAR(250) NULL,
            retry_attempt INTEGER NULL,
            continues_trigger_name TEXT NULL,
            continues_trigger_group TEXT NULL,
            continuation_condition INTEGER NULL,
            overlap_policy INTEGER NULL,
            pause_reason VARCHAR(250) NULL,
            paused_by VARCHAR(200) NULL,
            paused_at BIGINT NULL,
            misfire_threshold BIGINT NULL,
            fixed_delay BOOL NULL,
            job_data BYTEA NULL,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, job_name, job_group) REFERENCES qrtz_job_details (sched_name, job_name, job_group)
        );
        CREATE TABLE qrtz_simple_triggers (
            sched_name TEXT NOT NULL,
            trigger_name TEXT NOT NULL,
            trigger_group TEXT NOT NULL,
            repeat_count BIGINT NOT NULL,
            repeat_interval BIGINT NOT NULL,
            times_triggered BIGINT NOT NULL,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
        );
        CREATE TABLE qrtz_cron_triggers (
            sched_name TEXT NOT NULL,
            trigger_name TEXT NOT NULL,
            trigger_group TEXT NOT NULL,
            cron_expression TEXT NOT NULL,
            time_zone_id TEXT NULL,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
        );
        CREATE TABLE qrtz_simprop_triggers (
            sched_name TEXT NOT NULL,
            trigger_name TEXT NOT NULL,
            trigger_group TEXT NOT NULL,
            str_prop_1 TEXT NULL,
            str_prop_2 TEXT NULL,
            str_prop_3 TEXT NULL,
            int_prop_1 INTEGER NULL,
            int_prop_2 INTEGER NULL,
            long_prop_1 BIGINT NULL,
            long_prop_2 BIGINT NULL,
            dec_prop_1 NUMERIC NULL,
            dec_prop_2 NUMERIC NULL,
            bool_prop_1 BOOL NULL,
            bool_prop_2 BOOL NULL,
            time_zone_id TEXT NULL,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
        );
        CREATE TABLE qrtz_blob_triggers (
            sched_name TEXT NOT NULL,
            trigger_name TEXT NOT NULL,
            trigger_group TEXT NOT NULL,
            blob_data BYTEA NULL,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
        );
        CREATE TABLE qrtz_calendars (
            sched_name TEXT NOT NULL,
            calendar_name TEXT NOT NULL,
            calendar BYTEA NOT NULL,
            PRIMARY KEY (sched_name, calendar_name)
        );
        CREATE TABLE qrtz_paused_trigger_grps (
            sched_name TEXT NOT NULL,
            trigger_group TEXT NOT NULL,
            pause_reason VARCHAR(250) NULL,
            paused_by VARCHAR(200) NULL,
            paused_at BIGINT NULL,
            PRIMARY KEY (sched_name, trigger_group)
        );
        CREATE TABLE qrtz_paused_job_grps (
            sched_name TEXT NOT NULL,
            job_group TEXT NOT NULL,
            pause_reason VARCHAR(250) NULL,
            paused_by VARCHAR(200) NULL,
            paused_at BIGINT NULL,
            PRIMARY KEY (sched_name, job_group)
        );
        CREATE TABLE qrtz_fired_triggers (
            sched_name TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            trigger_name TEXT NOT NULL,
            trigger_group TEXT NOT NULL,
            instance_name TEXT NOT NULL,
            fired_time BIGINT NOT NULL,
            sched_time BIGINT NOT NULL,
            priority INTEGER NOT NULL,
            state TEXT NOT NULL,
            job_name TEXT NULL,
            job_group TEXT NULL,
            is_nonconcurrent BOOL NOT NULL,
            requests_recovery BOOL NULL,
            execution_group VARCHAR(200) NULL,
            progress INTEGER NULL,
            progress_message VARCHAR(250) NULL,
            interrupt_requested_time BIGINT NULL,
            PRIMARY KEY (sched_name, entry_id)
        );
        CREATE TABLE qrtz_scheduler_state (
            sched_name TEXT NOT NULL,
            instance_name TEXT NOT NULL,
            last_checkin_time BIGINT NOT NULL,
            checkin_interval BIGINT NOT NULL,
            quartz_version VARCHAR(20) NULL,
            PRIMARY KEY (sched_name, instance_name)
        );
        CREATE TABLE qrtz_locks (
            sched_name TEXT NOT NULL,
            lock_name TEXT NOT NULL,
            PRIMARY KEY (sched_name, lock_name)
        );
        CREATE INDEX idx_qrtz_j_g_n ON qrtz_job_details (sched_name, job_group, job_name);
        CREATE INDEX idx_qrtz_t_j ON qrtz_triggers (sched_name, job_name, job_group);
        CREATE INDEX idx_qrtz_t_g_n ON qrtz_triggers (sched_name, trigger_group, trigger_name);
        CREATE INDEX idx_qrtz_t_c ON qrtz_triggers (sched_name, calendar_name);
        CREATE INDEX idx_qrtz_t_nft_st ON qrtz_triggers (sched_name, trigger_state, next_fire_time, priority DESC, misfire_instr);
        CREATE INDEX idx_qrtz_ft_inst_job_req_rcvry ON qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
        CREATE INDEX idx_qrtz_ft_j_g ON qrtz_fired_triggers (sched_name, job_name, job_group);
        CREATE INDEX idx_qrtz_ft_t_g ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
        """,
    ];

    /// <summary>The migrations in one database's types.</summary>
    public static string[] For(string timestamp, string boolean, string identity) =>
        [.. Migrations.Select(m => m.Replace("{Timestamp}", timestamp, StringComparison.Ordinal)
            .Replace("{Boolean}", boolean, StringComparison.Ordinal)
            .Replace("{Identity}", identity, StringComparison.Ordinal))];
}
