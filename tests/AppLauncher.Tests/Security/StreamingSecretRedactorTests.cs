using AppLauncher.Security;

namespace AppLauncher.Tests.Security;

public sealed class StreamingSecretRedactorTests
{
    private const string Secret = "pw-0123456789abcdef";

    [Fact]
    public void Push_SecretSplitAtEveryPoint_MaskedAndNothingElseLost()
    {
        var text = $"before {Secret} middle pw- not a secret {Secret}\nafter pw-0123";
        var expected = $"before {SecretRedactor.Mask} middle pw- not a secret {SecretRedactor.Mask}\nafter pw-0123";
        for (var first = 0; first <= text.Length; first++)
        {
            for (var second = first; second <= text.Length; second++)
            {
                var redactor = new StreamingSecretRedactor([Secret, "other-secret"]);
                var shown = redactor.Push(text[..first]) + redactor.Push(text[first..second]) + redactor.Push(text[second..]) + redactor.Flush();
                Assert.Equal(expected, shown);
            }
        }
    }

    [Fact]
    public void Push_NoSecretStartsAtTheEnd_ShowsEverythingAtOnce()
    {
        var redactor = new StreamingSecretRedactor([Secret]);
        Assert.Equal("line one\n", redactor.Push("line one\n"));
        Assert.Equal("progress: 5", redactor.Push("progress: 5"));
        Assert.Equal("abc ", redactor.Push("abc pw-01"));
        Assert.Equal("pw-01", redactor.Flush());
    }
}
