package dev.berth.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which images and tags {@code docker save NAME...} writes, by Docker's rules: an ID (full or prefix) saves the
 * image untagged, {@code repo:tag} that tag, a bare repository all of its tags (or, with none, an ID prefix).
 * Stateless and thread-safe.
 */
final class SaveSelection {

    private SaveSelection() {
    }

    static List<ArchiveSaver.Selection> resolve(List<String> names, ImageIndex index) {
        Map<String, List<ImageReference>> chosen = new LinkedHashMap<>();
        for (String name : names) {
            String id = ImageReference.parseId(name);
            if (id != null) {
                chosen.computeIfAbsent(index.resolve(id).id(), k -> new ArrayList<>());
                continue;
            }
            ImageReference ref = ImageReference.parse(name);
            if (ref.familiarName().equals("sha256")) {
                chosen.computeIfAbsent(index.resolve(name).id(), k -> new ArrayList<>());
                continue;
            }
            if (ref.isNameOnly()) {
                Map<String, String> repo = index.tagsInRepository(ref.name());
                if (repo.isEmpty()) {
                    chosen.computeIfAbsent(index.resolve(name).id(), k -> new ArrayList<>());
                }
                repo.forEach((full, imageId) -> add(chosen, imageId, ImageReference.parse(full)));
                continue;
            }
            if (ref.tag() == null) {
                // A digest reference: berth keeps no digests, so it names nothing here.
                throw new NoSuchImageException(ref.familiarString());
            }
            ImageIndex.Entry entry = index.resolve(name);
            add(chosen, entry.id(), ref.digest() == null ? ref : ref.withTag(ref.tag()));
        }
        List<ArchiveSaver.Selection> out = new ArrayList<>();
        chosen.forEach((id, refs) -> out.add(new ArchiveSaver.Selection(index.get(id), refs)));
        return out;
    }

    private static void add(Map<String, List<ImageReference>> chosen, String id, ImageReference ref) {
        List<ImageReference> refs = chosen.computeIfAbsent(id, k -> new ArrayList<>());
        if (!refs.contains(ref)) {
            refs.add(ref);
        }
    }
}
