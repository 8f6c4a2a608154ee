package dev.berth.api.wire;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Go type a wire record (or one of its components) stands for, as {@code reflect.Type.String()} prints it, so
 * request-body errors name Docker's types: {@code @GoType("volume.CreateOptions")} makes a type error read
 * {@code json: cannot unmarshal array into Go value of type volume.CreateOptions}, and the struct part of a field
 * error is the name after the package ({@code CreateOptions.Labels}). Every record decoded from a request body must
 * carry it. On a component it overrides the Go name of that field's type ({@code "mount.Type"} for a string,
 * {@code "uint32"} for an int); {@link #kind} gives the underlying integer kind of a named type whose range matters
 * ({@code @GoType(value = "fs.FileMode", kind = "uint32")}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.RECORD_COMPONENT})
public @interface GoType {

    /** The Go type name, e.g. {@code volume.CreateOptions}, {@code mount.Type}, {@code uint64}. */
    String value();

    /** For named integer types: the Go kind whose range applies ({@code uint32}, {@code int64}, ...). */
    String kind() default "";
}
