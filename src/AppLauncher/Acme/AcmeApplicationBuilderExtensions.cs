namespace AppLauncher.Acme;

/// <summary>Puts the HTTP-01 responder in front of the proxy.</summary>
public static class AcmeApplicationBuilderExtensions
{
    public static IApplicationBuilder UseAcmeChallenges(this IApplicationBuilder app) => app.UseMiddleware<AcmeChallengeMiddleware>();
}
