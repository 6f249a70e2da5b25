//! tok2vec: MultiHashEmbed + MaxoutWindowEncoder (shared and the NER's own).
