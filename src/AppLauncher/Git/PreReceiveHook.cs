namespace AppLauncher.Git;

/// <summary>
/// The hook git runs before it accepts a push. For each pushed branch it sends the commit (as a tar from
/// <c>git archive</c>, which sees the push's quarantined objects) to the server — the deploy branch to deploy, any
/// other branch to preview, a deleted branch to remove its preview — prints the output as it streams back (git
/// relays it to the pusher as <c>remote:</c> lines) and rejects the push unless the server said ok.
/// The URL and the path of a file holding this push's one-time token (see <see cref="HookGrants"/>) come from the
/// environment the server gives <c>git receive-pack</c>; curl reads the header from that file, so the token is never
/// on a command line.
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

        # Posts stdin to the server with the given query parts; relays its output; succeeds when it says ok.
        send() {
          curl --silent --show-error --no-buffer --request POST --upload-file - \
              --header "@$LAUNCHER_HOOK_HEADER_FILE" \
              --header "Content-Type: application/x-tar" --header "Expect:" \
              --url-query "app=$LAUNCHER_APP" "$@" "$LAUNCHER_HOOK_URL" \
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
        }

        while read -r old new ref; do
          case "$ref" in
            refs/heads/*) branch=${ref#refs/heads/} ;;
            *) echo "-----> $ref is not a branch: stored, not deployed"; continue ;;
          esac
          if [ "$branch" = "$LAUNCHER_DEPLOY_BRANCH" ]; then
            if [ "$new" = "$zero" ]; then
              echo " !     Deleting the deploy branch $LAUNCHER_DEPLOY_BRANCH is not allowed"
              status=1
            elif ! git archive --format=tar "$new" | send --url-query "commit=$new" --url-query "author=$(git log -1 --format=%ae "$new")"; then
              status=1
            fi
          elif [ "$new" = "$zero" ]; then
            send --url-query "branch=$branch" --url-query "delete=true" </dev/null || status=1
          elif ! git archive --format=tar "$new" | send --url-query "commit=$new" --url-query "author=$(git log -1 --format=%ae "$new")" --url-query "branch=$branch"; then
            status=1
          fi
        done
        exit $status

        """;
}
