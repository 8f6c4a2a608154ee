/**
 * Go's text/template, written from its documented semantics, with the parts of {@code fmt} and
 * {@code encoding/json} that templates print through: parse a template once ({@link
 * dev.berth.gotext.template.Template}), run it over {@link dev.berth.gotext.template.Value}s of described
 * {@link dev.berth.gotext.template.GoType}s, get Go's output and Go's error texts. Imports {@code dev.berth.gotext}
 * and {@code dev.berth.json} only. Vocabulary: <em>dot</em> is the value an action runs on; a <em>pipeline</em> is
 * commands joined by {@code |}; an <em>invalid</em> value is what Go calls the zero {@code reflect.Value}.
 */
package dev.berth.gotext.template;
