using FluentValidation;

namespace AppLauncher.Core.Apps;

/// <summary>
/// Rules for a config change. Every failure is keyed by the variable's name and never quotes a value: values may be secrets.
/// </summary>
public sealed class ConfigChangeValidator : AbstractValidator<ConfigChange>
{
    /// <summary>Longest value accepted; environments are not a place for files.</summary>
    public const int MaxValueLength = 32 * 1024;

    public ConfigChangeValidator()
    {
        RuleFor(c => c).Custom((change, context) =>
        {
            if (change.Set.Count == 0 && change.Unset.Count == 0)
            {
                context.AddFailure("config", "nothing to change: give KEY=VALUE pairs to set, or keys to unset");
            }

            foreach (var key in change.Set.Select(s => s.Key).Concat(change.Unset))
            {
                if (EnvVarName.Validate(key) is { } error)
                {
                    context.AddFailure(key, error);
                }
            }

            foreach (var key in change.Set.Select(s => s.Key).Concat(change.Unset).GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                context.AddFailure(key, $"{key} is given more than once: set or unset each variable once per change");
            }

            foreach (var setting in change.Set)
            {
                if (setting.Value.Contains('\0', StringComparison.Ordinal))
                {
                    context.AddFailure(setting.Key, $"the value of {setting.Key} contains a NUL character, which no environment can hold");
                }
                else if (setting.Value.Length > MaxValueLength)
                {
                    context.AddFailure(setting.Key, $"the value of {setting.Key} is {setting.Value.Length} characters long; at most {MaxValueLength} fit (mount a file for larger data)");
                }
            }
        });
    }
}
