using AppLauncher.Core.Identity;

namespace AppLauncher.Identity;

/// <summary>The authenticated caller of a request, as the gate left it for the endpoint.</summary>
public static class CallerContext
{
    private static readonly object Key = new();

    public static void SetCaller(this HttpContext context, Principal principal) => context.Items[Key] = principal;

    /// <summary>The caller; endpoints behind the gate always have one.</summary>
    public static Principal Caller(this HttpContext context) =>
        context.Items[Key] as Principal ?? throw new InvalidOperationException("no authenticated caller: the endpoint is not behind the API gate");

    public static Principal? CallerOrNull(this HttpContext context) => context.Items[Key] as Principal;
}
