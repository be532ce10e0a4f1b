using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Observability.Alerts;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>An alert rule as the API shows it (the webhook by its host only: its path often carries a secret).</summary>
public sealed record AlertRuleDto(string Name, string? App, string Rule, string Webhook, int RepeatSeconds);

/// <summary>One sent (or failed) alert notification.</summary>
public sealed record AlertHistoryDto(long Id, string Rule, string? App, string Status, string Condition, double? Value, string Message, DateTimeOffset At,
    string Webhook, string Delivery, int Attempts, string? Error);

/// <summary>
/// <c>/api/alerts</c>: the alert rules and their history. Any valid token: the owner sees everything, others the rules
/// and notifications of their teams' apps and the platform-wide rules.
/// </summary>
internal static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/alerts");
        group.MapGet("", ListAsync).RequireToken();
        group.MapGet("/history", HistoryAsync).RequireToken();
        return endpoints;
    }

    private static async Task<Ok<AlertRuleDto[]>> ListAsync(string? app, HttpContext http, AlertEvaluator alerts, IStore store, CancellationToken cancellationToken)
    {
        var visible = await VisibleAsync(http.Caller(), store, cancellationToken);
        return TypedResults.Ok(alerts.Rules
            .Where(r => r.App is null || visible(r.App))
            .Where(r => app is null || r.App is null || r.App == app)
            .Select(r => new AlertRuleDto(r.Name, r.App, r.ConditionText, r.Webhook.GetLeftPart(UriPartial.Authority), (int)r.Repeat.TotalSeconds))
            .ToArray());
    }

    private static async Task<Ok<AlertHistoryDto[]>> HistoryAsync(string? app, int? limit, HttpContext http, IStore store, CancellationToken cancellationToken)
    {
        var visible = await VisibleAsync(http.Caller(), store, cancellationToken);
        var rows = await store.ListAlertHistoryAsync(app, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken);
        return TypedResults.Ok(rows
            .Where(r => r.App is null ? http.Caller().ActsAsOwner : visible(r.App))
            .Select(r => new AlertHistoryDto(r.Id, r.Rule, r.App, r.Notice, r.Condition, r.Value, r.Message, r.At, r.Webhook, r.Delivery, r.Attempts, r.Error))
            .ToArray());
    }

    private static async Task<Func<string, bool>> VisibleAsync(Principal caller, IStore store, CancellationToken cancellationToken)
    {
        if (caller.ActsAsOwner)
        {
            return _ => true;
        }

        var apps = (await store.ListAppsAsync(cancellationToken)).Where(a => caller.RoleIn(a.Team) is not null).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        return apps.Contains;
    }
}
