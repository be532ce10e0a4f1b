using Microsoft.AspNetCore.Routing;

namespace AppLauncher.Api;

/// <summary>How API request bodies are read: strictly, and a body that cannot be read is a 4xx problem with a reason.</summary>
public static class ApiBodyExtensions
{
    public static IServiceCollection AddLauncherApiBodies(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            // A null for a non-nullable property ({"key": null}) or a missing required one ({"key": "A"} without "value") is refused
            // while reading, not found later as a NullReferenceException; optional fields have defaults in their records.
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.MaxDepth = Core.Parsing.ParseLimits.MaxDepth;

            // A field the endpoint does not know is a mistake to report: PUT /autoscaling with {"mni": 3} replaced the
            // whole policy with the defaults and answered 200.
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
        });

        // Thrown rather than answered bare, so ApiBadRequestHandler can say what was wrong with the body.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ApiBadRequestHandler>();
        return services;
    }
}
