package dev.berth.image;

import java.util.List;

/**
 * Parameters of {@code docker import} ({@code POST /images/create?fromSrc=-}): the optional repository and tag to
 * apply, the commit message (stored as the image comment), {@code --change} instructions and an optional
 * {@code os[/arch[/variant]]} platform. Immutable and thread-safe.
 */
public record ImportOptions(String repo, String tag, String message, List<String> changes, String platform) {

    public ImportOptions {
        repo = repo == null ? "" : repo;
        tag = tag == null ? "" : tag;
        message = message == null ? "" : message;
        changes = changes == null ? List.of() : List.copyOf(changes);
        platform = platform == null ? "" : platform;
    }

    public static ImportOptions of(String repoTag) {
        return new ImportOptions(repoTag, "", "", List.of(), "");
    }

    public ImportOptions withChanges(List<String> newChanges) {
        return new ImportOptions(repo, tag, message, newChanges, platform);
    }

    public ImportOptions withMessage(String newMessage) {
        return new ImportOptions(repo, tag, newMessage, changes, platform);
    }
}
