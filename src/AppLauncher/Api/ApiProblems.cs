using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>Problem responses more than one API area gives, worded once.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NoSuchApp(string name) =>
        TypedResults.Problem($"No app named '{name}'. Create it with git push (or 'launcher apps create {name}').",
            statusCode: StatusCodes.Status404NotFound, title: "No such app");
}
