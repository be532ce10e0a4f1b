using System.Text;
using AppLauncher.Security;
using Microsoft.AspNetCore.Http;

namespace AppLauncher.Tests.Security;

public sealed class AdminTokenTests
{
    private static HttpRequest Request(string? authorization)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context.Request;
    }

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Theory]
    [InlineData("Bearer s3cret", true)]
    [InlineData("bearer s3cret", true)]
    [InlineData("Bearer s3cre", false)]
    [InlineData("Bearer ", false)]
    [InlineData("Token s3cret", false)]
    [InlineData(null, false)]
    public void Authorizes_Bearer(string? header, bool expected)
    {
        Assert.Equal(expected, new AdminToken("s3cret").Authorizes(Request(header)));
    }

    [Fact]
    public void Authorizes_BasicWithAnyUserAndTheTokenAsPassword()
    {
        var token = new AdminToken("s3cret");

        Assert.True(token.Authorizes(Request(Basic("anyone", "s3cret"))));
        Assert.True(token.Authorizes(Request(Basic("", "s3cret"))));
        Assert.False(token.Authorizes(Request(Basic("s3cret", "wrong"))));
        Assert.False(token.Authorizes(Request("Basic not-base64!")));
    }

    [Fact]
    public void Generate_IsRandomAndUrlSafe()
    {
        var a = AdminToken.Generate();
        var b = AdminToken.Generate();

        Assert.NotEqual(a, b);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", a);
    }
}
