package dev.berth.container;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The containers in memory, by id and by name, and Docker's lookup rules: full id, name (with or without its
 * slash), then unique id prefix. Names are reserved before a create is durable and freed on failure. Thread-safe.
 */
final class ContainerRegistry {

    private final ConcurrentHashMap<String, Container> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> idByName = new ConcurrentHashMap<>();

    /** Finds a container, or returns null. */
    Container find(String ref) {
        if (ref == null || ref.isEmpty()) {
            return null;
        }
        Container c = byId.get(ref);
        if (c != null) {
            return c;
        }
        String id = idByName.get(ref.startsWith("/") ? ref : "/" + ref);
        if (id != null && !id.isEmpty()) {
            return byId.get(id);
        }
        Container found = null;
        for (Container x : byId.values()) {
            if (x.id.startsWith(ref)) {
                if (found != null) {
                    throw new InvalidArgumentException("multiple IDs found with provided prefix: " + ref);
                }
                found = x;
            }
        }
        return found;
    }

    Container get(String ref) {
        Container c = find(ref);
        if (c == null) {
            throw new NoSuchContainerException(ref);
        }
        return c;
    }

    /**
     * Reserves {@code name} (canonical, with slash) for {@code id}.
     *
     * @throws ConflictException with Docker's text when another container has it
     */
    void reserveName(String name, String id) {
        String prev = idByName.putIfAbsent(name, id);
        if (prev != null && !prev.equals(id)) {
            throw new ConflictException("Conflict. The container name \"" + name + "\" is already in use by container \""
                    + prev + "\". You have to remove (or rename) that container to be able to reuse that name.");
        }
    }

    boolean tryReserveName(String name, String id) {
        return idByName.putIfAbsent(name, id) == null;
    }

    void releaseName(String name, String id) {
        idByName.remove(name, id);
    }

    void add(Container c) {
        byId.put(c.id, c);
        idByName.put(c.record().name(), c.id);
    }

    void remove(Container c) {
        byId.remove(c.id, c);
        idByName.remove(c.record().name(), c.id);
    }

    Collection<Container> all() {
        return new ArrayList<>(byId.values());
    }

    List<Container> snapshot() {
        return List.copyOf(byId.values());
    }

    int size() {
        return byId.size();
    }
}
