using Microsoft.AspNetCore.Http.Features;

namespace AppLauncher.Git;

/// <summary>Raises a push request's body limit from the server's small default to <c>git.maxPushBytes</c>, once it is authorized.</summary>
internal static class PushLimits
{
    public static void Apply(HttpContext context, long maxPushBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxPushBytes;
        }
    }
}
