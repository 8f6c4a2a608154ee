package dev.berth.image;

import java.util.ArrayList;
import java.util.List;

/**
 * Docker's image delete rules. A reference untags (refused without force when it is the image's only reference and
 * a container uses the image); the image itself goes once nothing references it. Hard conflicts (child images, a
 * running container) always refuse; soft ones (a stopped container, other tags) unless forced. With prune, parents
 * left without references go too, quietly. Not thread-safe; one per request.
 */
final class ImageRemoval {

    /** What was untagged and deleted, and which layers are now doomed (the caller deletes them). */
    /** What a removal did, and the image it resolved the name to (its events name it). */
    record Result(ImageIndex.Entry image, List<ImageDeleteItem> items, List<String> doomedLayers) {}

    private record Conflict(boolean hard, boolean used, String why) {}

    private final ImageIndex index;
    private final ImageUsage usage;
    private final List<ImageDeleteItem> items = new ArrayList<>();
    private final List<String> doomed = new ArrayList<>();

    ImageRemoval(ImageIndex index, ImageUsage usage) {
        this.index = index;
        this.usage = usage;
    }

    Result remove(String refOrId, boolean force, boolean prune) {
        ImageIndex.Entry entry = index.resolve(refOrId);
        String id = entry.id();
        List<String> refs = index.refsOf(id);
        boolean removedRepositoryRef = false;
        if (!isIdPrefix(id, refOrId)) {
            if (!force && refs.size() == 1) {
                List<ImageUsage.User> users = usage.containersUsing(id);
                if (!users.isEmpty()) {
                    throw new ImageConflictException("conflict: unable to remove repository reference \"" + refOrId
                            + "\" (must force) - container " + shortId(users.getFirst().containerId())
                            + " is using its referenced image " + Digests.shortId(id));
                }
            }
            ImageReference ref = ImageReference.parse(refOrId).withDefaultTag();
            index.untag(ref.toString());
            items.add(new ImageDeleteItem.Untagged(ref.familiarString()));
            if (!index.refsOf(id).isEmpty()) {
                return new Result(entry, items, doomed);
            }
            removedRepositoryRef = true;
        } else if (refs.size() == 1) {
            // An ID naming an image with a single tag removes that tag along with the image.
            Conflict c = conflict(id, true, !force, false);
            if (c != null) {
                throw toException(id, c);
            }
            untagAll(id);
        }
        delete(id, force, prune, removedRepositoryRef);
        return new Result(entry, items, doomed);
    }

    private void delete(String id, boolean force, boolean prune, boolean quiet) {
        Conflict c = conflict(id, true, !force, !force);
        if (c != null) {
            if (quiet && (!isDangling(id) || c.used())) {
                return;
            }
            throw toException(id, c);
        }
        ImageIndex.Entry entry = index.get(id);
        untagAll(id);
        doomed.addAll(index.removeImage(id));
        items.add(new ImageDeleteItem.Deleted(id));
        if (prune && entry != null && entry.parent() != null && index.get(entry.parent()) != null) {
            delete(entry.parent(), false, true, true);
        }
    }

    private void untagAll(String id) {
        for (String ref : index.refsOf(id)) {
            index.untag(ref);
            items.add(new ImageDeleteItem.Untagged(ImageReference.parse(ref).familiarString()));
        }
    }

    /** Docker's checkImageDeleteConflict: children, running, other references, stopped; in that order. */
    private Conflict conflict(String id, boolean hard, boolean stopped, boolean references) {
        if (hard && !index.children(id).isEmpty()) {
            return new Conflict(true, false, "image has dependent child images");
        }
        List<ImageUsage.User> users = usage.containersUsing(id);
        if (hard) {
            for (ImageUsage.User u : users) {
                if (u.running()) {
                    return new Conflict(true, true, "image is being used by running container "
                            + shortId(u.containerId()));
                }
            }
        }
        if (references && !index.refsOf(id).isEmpty()) {
            return new Conflict(false, false, "image is referenced in multiple repositories");
        }
        if (stopped) {
            for (ImageUsage.User u : users) {
                if (!u.running()) {
                    return new Conflict(false, true, "image is being used by stopped container "
                            + shortId(u.containerId()));
                }
            }
        }
        return null;
    }

    private boolean isDangling(String id) {
        return index.refsOf(id).isEmpty() && index.children(id).isEmpty();
    }

    private static ImageConflictException toException(String id, Conflict c) {
        return ImageConflictException.delete(id, c.hard(), c.why());
    }

    private static boolean isIdPrefix(String id, String text) {
        return id.startsWith(text) || Digests.hex(id).startsWith(text);
    }

    private static String shortId(String containerId) {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }
}
