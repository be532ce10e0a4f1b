using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>Problem responses more than one API area gives, worded once.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NoSuchApp(string name) =>
        TypedResults.Problem($"No app named '{name}'. Create it with git push (or 'launcher apps create {name}').",
            statusCode: StatusCodes.Status404NotFound, title: "No such app");

    /// <summary>403: the body says why, which role is needed and in which team.</summary>
    public static ProblemHttpResult Forbidden(string reason, string? role, string? team) =>
        TypedResults.Problem(reason, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            extensions: new Dictionary<string, object?> { ["neededRole"] = role, ["team"] = team });

    /// <summary>A list in the body holds a null where each item must be an object or a value.</summary>
    public static ProblemHttpResult NullInList(string list, string example) =>
        TypedResults.Problem($"The body's {list} holds a null item: give each item, e.g. {example}. Nothing was changed.",
            statusCode: StatusCodes.Status400BadRequest, title: "Request body not valid");
}
