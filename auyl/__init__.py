"""auyl: digital platform for rural local self-government in Kazakhstan."""
