// Progressive enhancement only: every page works without this script.
(function () {
    'use strict';

    // The main menu: below 768 px it folds behind the "Menu" button; one group open at a time, Escape or a click
    // elsewhere closes it.
    document.documentElement.classList.add('js');
    var toggle = document.querySelector('.menu-toggle');
    var menu = document.getElementById('menu');
    if (toggle && menu) {
        toggle.hidden = false;
        toggle.addEventListener('click', function () {
            var open = toggle.getAttribute('aria-expanded') !== 'true';
            toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
            menu.classList.toggle('open', open);
        });
    }
    var groups = document.querySelectorAll('header.site details.group');
    groups.forEach(function (group) {
        group.addEventListener('toggle', function () {
            if (!group.open) { return; }
            groups.forEach(function (other) { if (other !== group) { other.open = false; } });
        });
    });
    document.addEventListener('keydown', function (e) {
        if (e.key !== 'Escape') { return; }
        groups.forEach(function (group) {
            if (group.open) { group.open = false; group.querySelector('summary').focus(); }
        });
    });
    document.addEventListener('click', function (e) {
        groups.forEach(function (group) { if (group.open && !group.contains(e.target)) { group.open = false; } });
    });

    // On a phone, a details element of the class fold-narrow (the desk's filters, unless a field is in error) starts
    // folded, so that the list comes first; on a wider screen, or without this script, it stays open.
    if (window.matchMedia && window.matchMedia('(max-width: 47.99rem)').matches) {
        document.querySelectorAll('details.fold-narrow').forEach(function (fold) { fold.open = false; });
    }

    // Drag and drop onto a file input's zone: the dropped files join the input's selection.
    document.querySelectorAll('[data-drop]').forEach(function (zone) {
        var input = zone.querySelector('input[type=file]');
        var list = zone.querySelector('[data-drop-list]');
        if (!input || typeof DataTransfer === 'undefined') { return; }
        function show() {
            if (!list) { return; }
            list.textContent = '';
            Array.prototype.forEach.call(input.files, function (f) {
                var li = document.createElement('li');
                li.textContent = f.name;
                list.appendChild(li);
            });
        }
        zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
        zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
        zone.addEventListener('drop', function (e) {
            e.preventDefault();
            zone.classList.remove('over');
            var all = new DataTransfer();
            Array.prototype.forEach.call(input.files, function (f) { all.items.add(f); });
            Array.prototype.forEach.call(e.dataTransfer.files, function (f) { all.items.add(f); });
            input.files = all.files;
            show();
        });
        input.addEventListener('change', show);
    });

    // The versions offered are those of the chosen product (without the script, every product's, grouped).
    document.querySelectorAll('select[data-versions-of]').forEach(function (versions) {
        var product = document.getElementById(versions.getAttribute('data-versions-of'));
        if (!product) { return; }
        function update() {
            Array.prototype.forEach.call(versions.querySelectorAll('optgroup[data-product]'), function (group) {
                var mine = group.getAttribute('data-product') === product.value;
                group.hidden = !mine;
                group.disabled = !mine;
                if (!mine && versions.selectedOptions.length && group.contains(versions.selectedOptions[0])) { versions.value = ''; }
            });
        }
        product.addEventListener('change', update);
        update();
    });

    // Priority definitions follow the chosen priority.
    document.querySelectorAll('select[data-definitions]').forEach(function (select) {
        var target = document.getElementById(select.getAttribute('data-definitions'));
        function update() {
            var option = select.options[select.selectedIndex];
            if (target && option) { target.textContent = option.getAttribute('data-definition') || ''; }
        }
        select.addEventListener('change', update);
        update();
    });
})();
