namespace AppLauncher.Git;

/// <summary>
/// The hook git runs before it accepts a push. For each pushed branch it sends the commit (as a tar from
/// <c>git archive</c>, which sees the push's quarantined objects) to the server — the deploy branch to deploy, any
/// other branch to preview, a deleted branch to remove its preview — prints the output as it streams back (git
/// relays it to the pusher as <c>remote:</c> lines) and rejects the push unless the server said ok.
/// The URL and the path of a file holding this push's one-time token (see <see cref="HookGrants"/>) come from the
/// environment the server gives <c>git receive-pack</c>; curl reads the header from that file, so the token is never
/// on a command line.
/// The verdict is the last line, <c>launcher-result: &lt;nonce&gt; ok</c>, with this push's random nonce, which the hook
/// reads from a 0600 file (the shell's <c>read</c>, no process argv) and a build or an app cannot know: a line they print
/// saying <c>launcher-result: ok</c> is shown as output and decides nothing.
/// </summary>
internal static class PreReceiveHook
{
    /// <summary>The last line of a deploy's output: the outcome, read by the hook and not shown.</summary>
    public const string ResultPrefix = "launcher-result: ";

    /// <summary>The verdict line for one push: the prefix, that push's nonce, and <c>ok</c> or <c>failed</c>.</summary>
    public static string ResultLine(string nonce, bool ok) => $"{ResultPrefix}{nonce} {(ok ? "ok" : "failed")}";

    public const string Script =
        """
        #!/bin/sh
        # AppLauncher pre-receive hook (written by the server; edits are overwritten).
        zero=0000000000000000000000000000000000000000
        status=0

        # This push's result nonce: only the server's own verdict line carries it.
        nonce=
        IFS= read -r nonce < "$LAUNCHER_HOOK_NONCE_FILE" || true
        if [ -z "$nonce" ]; then
          echo " !     The push has no result nonce: push again (the server rewrites its hook on start)."
          exit 1
        fi

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
                  "launcher-result: $nonce ok") result=0 ;;
                  "launcher-result: $nonce "*) ;;
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
