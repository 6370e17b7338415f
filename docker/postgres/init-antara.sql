-- Runs once, when the PostgreSQL volume is created: the warehouse gets its own database and role,
-- next to Airflow's metadata database (created by the image from POSTGRES_DB).
CREATE ROLE antara LOGIN PASSWORD 'antara';
CREATE DATABASE antara OWNER antara;
