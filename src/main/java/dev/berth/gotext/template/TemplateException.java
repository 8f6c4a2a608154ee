package dev.berth.gotext.template;

/**
 * A template that does not parse, or one that fails while it runs; the message is Go's, e.g.
 * {@code template: :1: function "foo" not defined} or
 * {@code template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type volume.Volume}.
 */
public abstract sealed class TemplateException extends RuntimeException {

    TemplateException(String message) {
        super(message, null, false, false);
    }

    /** The template text is not valid. */
    public static final class Parse extends TemplateException {
        Parse(String message) {
            super(message);
        }
    }

    /** Execution stopped on an error; what it wrote before stays written. */
    public static final class Exec extends TemplateException {
        Exec(String message) {
            super(message);
        }
    }
}
