--liquibase formatted sql logicalFilePath:later/failing-changeset.sql

--changeset test:later-failing
SELECT 1 / 0;
