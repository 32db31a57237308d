package io.tcpdoctor.cli;

import io.tcpdoctor.i18n.Messages;
import picocli.CommandLine.Option;

/** The --lang option of the commands that explain and advise (English or Simplified Chinese). */
public class LanguageOption {
    @Option(names = "--lang", paramLabel = "LANG", description = "Language: en or zh. Default: from the locale (LANG).")
    String lang;

    /** The texts for the chosen language; an unknown language is a usage error. */
    public Messages messages() {
        return BaseCommand.usage(() -> Messages.forLang(lang));
    }
}
