namespace AppLauncher.Git;

/// <summary>
/// The hook git runs before it accepts a push. It sends the pushed commit of the deploy branch (as a tar from
/// <c>git archive</c>, which sees the push's quarantined objects) to the server, prints the deploy's output as it
/// streams back (git relays it to the pusher as <c>remote:</c> lines) and rejects the push unless the deploy succeeded.
/// The URL and a per-process secret come from the environment the server gives <c>git receive-pack</c>.
/// </summary>
internal static class PreReceiveHook
{
    /// <summary>The last line of a deploy's output: the outcome, read by the hook and not shown.</summary>
    public const string ResultPrefix = "launcher-result: ";

    public const string Script =
        """
        #!/bin/sh
        # AppLauncher pre-receive hook (written by the server; edits are overwritten).
        zero=0000000000000000000000000000000000000000
        status=0
        while read -r old new ref; do
          if [ "$ref" != "refs/heads/$LAUNCHER_DEPLOY_BRANCH" ]; then
            echo "-----> $ref is not the deploy branch ($LAUNCHER_DEPLOY_BRANCH): stored, not deployed"
            continue
          fi
          if [ "$new" = "$zero" ]; then
            echo " !     Deleting the deploy branch $LAUNCHER_DEPLOY_BRANCH is not allowed"
            status=1
            continue
          fi
          if ! git archive --format=tar "$new" \
            | curl --silent --show-error --no-buffer --request POST --upload-file - \
                --header "Authorization: Bearer $LAUNCHER_HOOK_TOKEN" \
                --header "Content-Type: application/x-tar" --header "Expect:" \
                --url-query "author=$(git log -1 --format=%ae "$new")" \
                "$LAUNCHER_HOOK_URL?app=$LAUNCHER_APP&commit=$new" \
            | {
                result=1
                while IFS= read -r line; do
                  case "$line" in
                    "launcher-result: ok") result=0 ;;
                    "launcher-result: "*) ;;
                    *) printf '%s\n' "$line" ;;
                  esac
                done
                exit $result
              }
          then
            status=1
          fi
        done
        exit $status

        """;
}
