package dev.berth.api.wire;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component that stands for an embedded Go struct (such as {@code *Config} in
 * {@code container.CreateRequest}): its fields are read from the enclosing JSON object, not from a nested one, and
 * type errors name the path through it ({@code CreateRequest.Config.Image}). The component's name is the embedded
 * field's Go name.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface GoEmbedded {
}
