using AppLauncher.Core.Config;
using AppLauncher.Core.Remotes;
using AppLauncher.Deploy;
using AppLauncher.Git;
using AppLauncher.GitFetch;
using AppLauncher.Identity;
using AppLauncher.Store;

namespace AppLauncher.Remote;

/// <summary>
/// One sync of a connected app: fetch the remote into the app's own repository, let <see cref="RefPlanner"/> decide
/// from the refs acted on before, and run each decision through <see cref="DeployService"/> exactly as a push's hook
/// does (the same build, revision and release; the same output, kept as the app's remote log). A fetch that fails
/// (unreachable server, refused credentials) marks the app's remote failed with the remote and the error, records an
/// audit event, and changes nothing that runs.
/// </summary>
internal sealed partial class RemoteDeployer(
    IRemoteStore remotes,
    GitRepositories repositories,
    RemoteFetcher fetcher,
    DeployService deployer,
    AuditLog audit,
    RemoteLogs logs,
    PlatformConfig config,
    TimeProvider time,
    ILogger<RemoteDeployer> logger)
{
    /// <summary>Who deploys a connected app's commits, on revisions and in the audit log.</summary>
    public const string Actor = "remote";

    /// <summary>Fetches and acts on what changed; <paramref name="closedBranches"/> are branches whose pull/merge request closed.</summary>
    public async Task SyncAsync(string app, IReadOnlyCollection<string> closedBranches, string reason, CancellationToken cancellationToken)
    {
        if (await remotes.GetRemoteAsync(app, cancellationToken) is not { } remote)
        {
            return;
        }

        var output = logs.Start(app);
        await output.StepAsync($"AppLauncher: fetching {remote.Url} for {app} ({reason})");
        var repository = await repositories.EnsureAsync(app, config.Deploy.Branch, cancellationToken);
        IReadOnlyDictionary<string, string> refs;
        try
        {
            var credentials = remote.Credentials is null ? null : RemoteCredentials.Parse(remote.Credentials).Credentials;
            if (credentials is { Kind: "ssh-key", HostKey: { } pinned })
            {
                await output.LineAsync($"host key pinned: {pinned.Type} {pinned.Fingerprint}");
            }

            var fetched = await fetcher.FetchAsync(repository, remote.Url, credentials, TimeSpan.FromSeconds(config.Remotes.FetchTimeoutSeconds), cancellationToken);
            refs = fetched.Refs;
            if (fetched.LearnedHostKey is { } learned && credentials is not null)
            {
                // Trust on first use, said out loud: from now on a server with another key is refused. (Only a first
                // fetch learns a key, so the refs SetRemoteAsync starts over are none yet.)
                await remotes.SetRemoteAsync(remote with { Credentials = RemoteCredentials.SshKey(credentials.Secret, learned) }, CancellationToken.None);
                await output.StepAsync($"Trusted the server's host key on first use and pinned it: {learned.Type} {learned.Fingerprint} (check it with the server's owner; --host-key pins one at connect)");
                await audit.RecordAsync(Actor, "remote host key", app, remote.Url, "pinned", $"{learned.Type} {learned.Fingerprint}");
            }
        }
        catch (RemoteFetchException e)
        {
            await output.ErrorAsync(e.Message);
            await output.ErrorAsync("Nothing changed: the running revision keeps serving.");
            await remotes.SetRemoteStatusAsync(app, RemoteStatus.Failed, e.Message, time.GetUtcNow(), CancellationToken.None);
            await audit.RecordAsync(Actor, "remote fetch", app, remote.Url, "failed", e.Message);
            Log.FetchFailed(logger, app, remote.Url, e.Message);
            return;
        }

        await remotes.SetRemoteStatusAsync(app, RemoteStatus.Ok, null, time.GetUtcNow(), CancellationToken.None);
        var before = await remotes.GetRemoteRefsAsync(app, cancellationToken);
        var rules = await RulesAsync(remote, repository, refs, output, cancellationToken);
        var plan = RefPlanner.Plan(rules, before, refs, firstFetch: before.Count == 0);
        if (plan.All(a => a.Kind == RefActionKind.Record) && closedBranches.Count == 0)
        {
            await output.StepAsync("Nothing new to deploy");
        }

        foreach (var action in plan)
        {
            var closed = action.Branch is not null && action.Kind == RefActionKind.Preview && closedBranches.Contains(action.Branch);
            await RunAsync(app, remote.Url, repository, closed ? action with { Kind = RefActionKind.Record } : action, output, cancellationToken);
            await remotes.SetRemoteRefAsync(app, action.Ref, action.Commit, CancellationToken.None);
        }

        foreach (var branch in closedBranches)
        {
            // A closed request's branch usually still exists: remember where it is, so the next fetch does not preview it again.
            await deployer.DeletePreviewAsync(app, branch, output, cancellationToken);
            await audit.RecordAsync(Actor, "delete preview", app, $"{branch} (request closed)", "ok");
            var gitRef = RefRules.HeadsPrefix + branch;
            if (refs.TryGetValue(gitRef, out var commit))
            {
                await remotes.SetRemoteRefAsync(app, gitRef, commit, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// The rules given at connect, with the <c>remote:</c> section of launcher.yaml at the deploy branch's commit over
    /// them. A launcher.yaml that does not parse leaves the connect rules (its deploy fails and says why).
    /// </summary>
    private static async Task<RefRules> RulesAsync(RemoteRecord remote, string repository, IReadOnlyDictionary<string, string> refs, RemoteOutput output, CancellationToken cancellationToken)
    {
        var rules = new RefRules(remote.Branch, remote.Tags, remote.Previews);
        if (!refs.TryGetValue(RefRules.HeadsPrefix + remote.Branch, out var head)
            || await GitCommitFile.ReadAsync(repository, head, Core.Apps.AppConfigFile.FileName, cancellationToken) is not { } yaml
            || Core.Apps.AppConfigFile.Parse(yaml) is not { IsValid: true, Value.Remote: { } fromFile })
        {
            return rules;
        }

        rules = rules with { Tags = fromFile.Tags ?? rules.Tags, Previews = fromFile.Previews ?? rules.Previews };
        await output.LineAsync($"ref rules from launcher.yaml (remote:): tags {(rules.Tags.Length == 0 ? "none" : rules.Tags)}, previews {(rules.Previews ? "on" : "off")}");
        return rules;
    }

    private async Task RunAsync(string app, string url, string repository, RefAction action, RemoteOutput output, CancellationToken cancellationToken)
    {
        switch (action.Kind)
        {
            case RefActionKind.Deploy or RefActionKind.Preview:
                var preview = action.Kind == RefActionKind.Preview ? action.Branch : null;
                if (action.Tag is not null)
                {
                    await output.StepAsync($"Tag {action.Tag} → {app}");
                }

                var commit = action.Commit!;
                var ok = await SourceTar.UseAsync(repository, commit, tar =>
                    deployer.DeployAsync(app, commit, preview, tar, output, cancellationToken, Actor, remote: url, sourceRef: action.Ref));
                var what = preview is null ? "deploy" : "preview";
                await audit.RecordAsync(Actor, what, app, $"{commit[..Math.Min(12, commit.Length)]} ({action.Ref})", ok ? "ok" : "failed");
                Log.Acted(logger, app, what, action.Ref, commit, ok);
                break;
            case RefActionKind.RemovePreview:
                await deployer.DeletePreviewAsync(app, action.Branch!, output, cancellationToken);
                await audit.RecordAsync(Actor, "delete preview", app, action.Branch, "ok");
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Fetching {Url} for {App} failed: {Reason}")]
        public static partial void FetchFailed(ILogger logger, string app, string url, string reason);

        [LoggerMessage(2, LogLevel.Information, "Remote {What} of {App} from {Ref} at {Commit}: {Ok}")]
        public static partial void Acted(ILogger logger, string app, string what, string @ref, string commit, bool ok);
    }
}
